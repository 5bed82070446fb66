package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpSessionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Serves MCP over HTTP: Streamable HTTP on /mcp, the older HTTP+SSE pair on /sse and /messages, and
 * /health and /metrics. /sse also serves Streamable HTTP, so a URL pasted into a client connects whichever
 * transport the client picks for it. Every connection runs against {@link HttpDeadlines} from accept
 * on, every request passes the {@link HttpGuard} first, then a body size limit.
 */
public final class McpHttpServer {
  private final Vertx vertx;
  private final McpServer server;
  private final McpHttpSettings settings;
  private final Supplier<Future<JsonObject>> health;
  private final McpSessionRegistry registry;
  private final Predicate<String> refusedPeers;
  private final Map<String, Router> mounted = new LinkedHashMap<>();
  private final QuotaRegistry clients;
  private final HttpMetrics metrics;
  private HttpServer httpServer;
  private volatile int boundPort;

  public McpHttpServer(Vertx vertx, McpServer server, McpHttpSettings settings,
      Supplier<Future<JsonObject>> health) {
    this(vertx, server, settings, health, address -> false);
  }

  /** @param refusedPeers addresses no request is taken from (the broker's own sandboxes), whatever they send */
  public McpHttpServer(Vertx vertx, McpServer server, McpHttpSettings settings,
      Supplier<Future<JsonObject>> health, Predicate<String> refusedPeers) {
    this(vertx, server, settings, health, refusedPeers, new QuotaRegistry(settings.access()), null);
  }

  /**
   * @param clients who the tokens belong to and what each may use (sessions at once)
   * @param metrics where requests are counted and what /metrics serves; null: no /metrics
   */
  public McpHttpServer(Vertx vertx, McpServer server, McpHttpSettings settings,
      Supplier<Future<JsonObject>> health, Predicate<String> refusedPeers, QuotaRegistry clients,
      HttpMetrics metrics) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.metrics = metrics;
    this.refusedPeers = Objects.requireNonNull(refusedPeers, "refusedPeers");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.server = Objects.requireNonNull(server, "server");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.health = Objects.requireNonNull(health, "health");
    this.registry = new McpSessionRegistry(vertx, settings.sessionIdleTimeout(), settings.sessionUnusedTimeout());
  }

  /**
   * Serves another face of the broker under {@code prefix} (e.g. {@code /v1}) on the same port, behind the same
   * guard and deadlines; {@code routes} handles its own bodies (and their size limit). Before {@link #start()}.
   */
  public McpHttpServer mount(String prefix, Router routes) {
    mounted.put(prefix, Objects.requireNonNull(routes, "routes"));
    return this;
  }

  public McpHttpSettings settings() {
    return settings;
  }

  /** Starts listening; the Future holds the bound port (useful with port 0). */
  public Future<Integer> start() {
    Router router = Router.router(vertx);
    if (metrics != null) {
      router.route().handler(new RequestTimer(metrics)); // first, so refusals by the guard are counted too
    }
    router.route().handler(new HttpGuard(settings, () -> boundPort, refusedPeers, clients));
    mounted.forEach((prefix, routes) -> router.route(prefix + "/*").subRouter(routes));
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxRequestBytes()));
    router.get(McpWire.PATH_HEALTH).handler(this::health);
    if (metrics != null) {
      router.get(McpWire.PATH_METRICS).handler(this::metrics);
    }
    StreamableHttpTransport streamable = new StreamableHttpTransport(vertx, server, registry, clients);
    streamable.mount(router, McpWire.PATH_STREAMABLE);
    // Order matters on /sse: the legacy transport takes its own requests, and passes the rest on.
    new LegacySseTransport(vertx, server, registry, clients).mount(router);
    streamable.mount(router, McpWire.PATH_SSE);
    router.errorHandler(413, ctx -> HttpProblem.of(413, "Payload Too Large: requests are limited to "
        + settings.maxRequestBytes() + " bytes").send(ctx.response()));
    router.errorHandler(500, ctx -> HttpProblem.of(500, "Internal Server Error: "
        + (ctx.failure() == null ? "unexpected failure" : ctx.failure().getMessage()))
        .send(ctx.response()));
    DeadlineGuard deadlines = new DeadlineGuard(settings.deadlines());
    httpServer = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
            // With h2c on, Vert.x hands over an HTTP/1.1 connection only once its first request head is
            // complete (it must see whether it asks for an upgrade first), so a socket that sends half a
            // head, or nothing, would escape every deadline. MCP clients speak HTTP/1.1.
            .setHttp2ClearTextEnabled(false))
        .connectionHandler(deadlines::connected)
        .requestHandler(deadlines.before(router));
    return httpServer.listen().map(listening -> {
      boundPort = listening.actualPort();
      return boundPort;
    });
  }

  /** Ends every MCP session (their onClose actions run) and stops listening. */
  public Future<Void> close() {
    return registry.closeAll().compose(v -> httpServer == null ? Future.succeededFuture() : httpServer.close());
  }

  public McpSessionRegistry sessions() {
    return registry;
  }

  private void health(RoutingContext ctx) {
    health.get()
        .recover(failure -> {
          // A failing check is an answer too: 503 with the reason, so probes see "down", not "hung".
          ctx.response().setStatusCode(503);
          return Future.succeededFuture(new JsonObject()
              .put("status", "DOWN").put("error", String.valueOf(failure.getMessage())));
        })
        .onSuccess(body -> {
          JsonObject mcp = new JsonObject().put("sessions", registry.size());
          registry.countsByTransport().forEach(
              (transport, count) -> mcp.put(transport.name().toLowerCase(Locale.ROOT), count));
          ctx.response().putHeader(McpWire.HEADER_CONTENT_TYPE, McpWire.APPLICATION_JSON)
              .end(body.copy().put("mcp", mcp).encode());
        });
  }

  /** Prometheus text, rendered off the event loop. */
  private void metrics(RoutingContext ctx) {
    vertx.executeBlocking(metrics::scrape, false)
        .onSuccess(text -> ctx.response().putHeader(McpWire.HEADER_CONTENT_TYPE, metrics.contentType()).end(text))
        .onFailure(ctx::fail);
  }

  /** The name of the token a request passed the guard with, for handlers mounted on this server's router. */
  public static String clientOf(RoutingContext ctx) {
    return HttpGuard.client(ctx);
  }

  /** Sessions of one transport; handy for /health-style reporting by the caller. */
  public int sessionCount(McpSession.Transport transport) {
    return registry.countsByTransport().getOrDefault(transport, 0);
  }
}
