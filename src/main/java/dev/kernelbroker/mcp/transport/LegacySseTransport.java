package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpSessionRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP+SSE transport of 2024-11-05: GET /sse holds the session's only server→client stream, and
 * every client message is a POST to the endpoint announced on it. The stream's end is the session's.
 *
 * <p>/sse is shared with Streamable HTTP, so that a client connects whichever transport it guesses for
 * that URL. This transport takes only the requests that are unmistakably its own and passes the others
 * on to the routes mounted after it; see {@link #isLegacy}.
 */
final class LegacySseTransport {
  private final Vertx vertx;
  private final McpServer server;
  private final McpSessionRegistry registry;
  private final QuotaRegistry clients;
  private final Map<String, SseStream> streams = new ConcurrentHashMap<>();

  LegacySseTransport(Vertx vertx, McpServer server, McpSessionRegistry registry, QuotaRegistry clients) {
    this.vertx = vertx;
    this.server = server;
    this.registry = registry;
    this.clients = clients;
  }

  /** Mount before Streamable HTTP's routes on /sse: what is not legacy falls through to them. */
  void mount(Router router) {
    router.get(McpWire.PATH_SSE).handler(onlyLegacy(this::openStream));
    router.post(McpWire.PATH_SSE).handler(onlyLegacy(this::receive));
    router.post(McpWire.PATH_MESSAGES).handler(this::receive);
  }

  /**
   * A legacy request names its session in the sessionId query parameter, or names none on a GET (which
   * opens a new session's stream). Streamable HTTP names its session in the Mcp-Session-Id header, and
   * starts with a POST of initialize that names none, as the specification's backwards-compatibility
   * rules have a client try first.
   */
  private static boolean isLegacy(HttpServerRequest request) {
    if (request.params().contains(McpWire.QUERY_SESSION_ID)) {
      return true;
    }
    return request.method() == HttpMethod.GET && request.getHeader(McpWire.HEADER_SESSION_ID) == null;
  }

  private static Handler<RoutingContext> onlyLegacy(Handler<RoutingContext> handler) {
    return ctx -> {
      if (isLegacy(ctx.request())) {
        handler.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }

  private void openStream(RoutingContext ctx) {
    Optional<McpSession> opened = StreamableHttpTransport.openSession(ctx, registry, clients,
        McpSession.Transport.SSE);
    if (opened.isEmpty()) {
      return;
    }
    McpSession session = opened.get();
    SseStream stream = SseStream.open(vertx, ctx.response());
    streams.put(session.id(), stream);
    // A relative endpoint: the TS client resolves it against the /sse URL and insists on same origin.
    stream.event(McpWire.EVENT_ENDPOINT,
        McpWire.PATH_MESSAGES + "?" + McpWire.QUERY_SESSION_ID + "=" + session.id());
    session.attachStream(stream);
    stream.onClose(session::close);
    session.onClose(() -> {
      streams.remove(session.id());
      stream.end();
    });
  }

  private void receive(RoutingContext ctx) {
    String sessionId = ctx.queryParams().get(McpWire.QUERY_SESSION_ID);
    if (sessionId == null || sessionId.isBlank()) {
      HttpProblem.of(400, "Bad Request: the sessionId query parameter is required").send(ctx.response());
      return;
    }
    String client = HttpGuard.client(ctx);
    Optional<McpSession> session = registry.find(sessionId)
        .filter(s -> s.transport() == McpSession.Transport.SSE && s.client().equals(client));
    SseStream stream = streams.get(sessionId);
    if (session.isEmpty() || stream == null) {
      HttpProblem.of(404, "Not Found: no open session " + sessionId).send(ctx.response());
      return;
    }
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(ctx.body().asString());
    } catch (JsonRpcException e) {
      HttpProblem.of(400, e).send(ctx.response());
      return;
    }
    ctx.response().setStatusCode(202).end();
    server.handle(session.get(), message, stream)
        .onSuccess(answer -> answer.ifPresent(stream::send));
  }
}
