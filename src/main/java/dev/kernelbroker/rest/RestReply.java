package dev.kernelbroker.rest;

import dev.kernelbroker.files.WorkspaceFileException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers of the REST API: JSON bodies, and every refusal as {@code {"error": {"code", "message"}}}. */
final class RestReply {
  static final String JSON = "application/json";
  private static final Logger LOG = LoggerFactory.getLogger(RestReply.class);

  private RestReply() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
    }
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }

  static void failure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof RestException e) {
      error(ctx, e.status(), e.code(), e.getMessage());
    } else if (failure instanceof WorkspaceFileException e) {
      switch (e.reason()) {
        case INVALID, NOT_A_FILE -> error(ctx, 400, "bad_request", e.getMessage());
        case OUTSIDE -> error(ctx, 403, "outside_workspace", e.getMessage());
        case NOT_FOUND -> error(ctx, 404, "not_found", e.getMessage());
        case TOO_LARGE -> error(ctx, 413, "too_large", e.getMessage());
        case EXPIRED -> error(ctx, 410, "gone", e.getMessage());
        case LIMIT -> error(ctx, 429, "limit_reached", e.getMessage());
        case FAILED -> error(ctx, 500, "internal_error", e.getMessage());
      }
    } else if (failure instanceof DecodeException e) {
      error(ctx, 400, "bad_request", "The body is not valid JSON: " + e.getMessage());
    } else {
      LOG.warn("REST request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error(ctx, 500, "internal_error", String.valueOf(failure.getMessage()));
    }
  }
}
