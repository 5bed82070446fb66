package dev.kernelbroker.rest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One REST operation. It answers the request itself; a failure (thrown or in the Future) is answered by the API as
 * a JSON error.
 */
@FunctionalInterface
interface RestEndpoint {
  Future<Void> serve(RoutingContext ctx);

  /** The request's JSON object body; refused when it is missing, not JSON, or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(RestReply.JSON)) {
      throw new RestException(415, "unsupported_media_type", "Content-Type must be application/json");
    }
    if (ctx.body() == null || ctx.body().length() == 0) {
      throw RestException.badRequest("the body must be a JSON object");
    }
    Object value = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
    if (!(value instanceof JsonObject object)) {
      throw RestException.badRequest("the body must be a JSON object");
    }
    return object;
  }
}
