package dev.kernelbroker.mcp.transport;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reports every request once it is answered, labelled by the path template of the route that answered it, or for
 * a request refused before any route (by the guard, say) by its path if that is one of the broker's own: any other
 * path is {@code other}, and so is any method beyond the usual, so a scanner cannot grow the label set.
 */
final class RequestTimer implements Handler<RoutingContext> {
  static final String OTHER_ROUTE = "other";
  private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS");
  private static final Set<String> KNOWN = Set.of(McpWire.PATH_STREAMABLE, McpWire.PATH_SSE, McpWire.PATH_MESSAGES,
      McpWire.PATH_HEALTH, McpWire.PATH_METRICS);

  private final HttpMetrics metrics;

  RequestTimer(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      Route route = ctx.currentRoute();
      String path = route != null && route.getPath() != null ? route.getPath()
          : KNOWN.contains(ctx.normalizedPath()) ? ctx.normalizedPath() : OTHER_ROUTE;
      String method = ctx.request().method().name();
      metrics.requestEnded(METHODS.contains(method) ? method : OTHER_ROUTE, path, ctx.response().getStatusCode(),
          System.nanoTime() - start);
    });
    ctx.next();
  }
}
