package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.ClientQuota;
import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.access.Refusal;
import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage.Request;
import dev.kernelbroker.mcp.protocol.McpMethod;
import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpSessionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Streamable HTTP (2025-03-26 and later). A request is answered as JSON, except a tools/call asking for
 * progress, which is answered as an SSE stream that carries the progress notifications and then the
 * result. Other server-initiated messages go on the session's GET stream. The same sessions are served
 * on every path this is mounted on. A session belongs to the token that opened it: requests with another token
 * get the same 404 as for a session that does not exist.
 */
final class StreamableHttpTransport {
  private final Vertx vertx;
  private final McpServer server;
  private final McpSessionRegistry registry;
  private final QuotaRegistry clients;

  StreamableHttpTransport(Vertx vertx, McpServer server, McpSessionRegistry registry, QuotaRegistry clients) {
    this.vertx = vertx;
    this.server = server;
    this.registry = registry;
    this.clients = clients;
  }

  void mount(Router router, String path) {
    router.post(path).handler(this::post);
    router.get(path).handler(this::openStream);
    router.delete(path).handler(this::delete);
  }

  private void post(RoutingContext ctx) {
    if (!accepts(ctx, McpWire.APPLICATION_JSON) || !accepts(ctx, McpWire.EVENT_STREAM)) {
      HttpProblem.of(406, "Not Acceptable: Accept must list both application/json and "
          + "text/event-stream").send(ctx.response());
      return;
    }
    String contentType = ctx.request().getHeader(McpWire.HEADER_CONTENT_TYPE);
    if (contentType == null || !mediaType(contentType).equals(McpWire.APPLICATION_JSON)) {
      HttpProblem.of(415, "Unsupported Media Type: Content-Type must be application/json")
          .send(ctx.response());
      return;
    }
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(ctx.body().asString());
    } catch (JsonRpcException e) {
      HttpProblem.of(400, e).send(ctx.response());
      return;
    }
    if (message instanceof Request request && McpMethod.INITIALIZE.wire().equals(request.method())) {
      initialize(ctx, request);
      return;
    }
    session(ctx).onSuccess(session -> session.ifPresent(s -> serve(ctx, s, message)));
  }

  private void serve(RoutingContext ctx, McpSession session, JsonRpcMessage message) {
    if (message instanceof Request request) {
      if (request.progressToken().isPresent()) {
        answerAsStream(ctx, session, request);
      } else {
        answerAsJson(ctx.response(), session, request);
      }
      return;
    }
    server.handle(session, message, session::sendToStream);
    ctx.response().setStatusCode(202).end();
  }

  private void initialize(RoutingContext ctx, Request request) {
    Optional<McpSession> opened = openSession(ctx, registry, clients, McpSession.Transport.STREAMABLE_HTTP);
    if (opened.isEmpty()) {
      return;
    }
    McpSession session = opened.get();
    server.handle(session, request, session::sendToStream).onSuccess(answer -> {
      boolean accepted = answer.filter(JsonRpcMessage.Response.class::isInstance).isPresent();
      if (accepted) {
        ctx.response().putHeader(McpWire.HEADER_SESSION_ID, session.id());
      } else {
        session.close(); // A failed initialize must not leave a session behind.
      }
      answer.ifPresent(a -> sendJson(ctx.response(), a));
    });
  }

  /** A new session for the request's client, or empty after answering 429 when its token has all it may. */
  static Optional<McpSession> openSession(RoutingContext ctx, McpSessionRegistry registry, QuotaRegistry clients,
      McpSession.Transport transport) {
    String client = HttpGuard.client(ctx);
    ClientQuota quota = clients.client(client);
    Optional<Refusal> refused = quota.openSession();
    if (refused.isPresent()) {
      HttpProblem.tooMany(ctx.response(), refused.get());
      return Optional.empty();
    }
    McpSession session = registry.open(transport, client);
    session.onClose(quota::sessionClosed);
    return Optional.of(session);
  }

  private void answerAsJson(HttpServerResponse response, McpSession session, Request request) {
    server.handle(session, request, session::sendToStream).onSuccess(answer -> answer.ifPresentOrElse(
        a -> sendJson(response, a),
        () -> response.setStatusCode(202).end()));
  }

  private void answerAsStream(RoutingContext ctx, McpSession session, Request request) {
    SseStream stream = SseStream.open(vertx, ctx.response());
    // A dropped connection is not a cancellation (only notifications/cancelled is): keep working.
    server.handle(session, request, stream).onSuccess(answer -> {
      answer.ifPresent(stream::send);
      stream.end();
    });
  }

  private void openStream(RoutingContext ctx) {
    if (!accepts(ctx, McpWire.EVENT_STREAM)) {
      HttpProblem.of(406, "Not Acceptable: Accept must list text/event-stream").send(ctx.response());
      return;
    }
    session(ctx).onSuccess(found -> found.ifPresent(session -> attachStream(ctx, session)));
  }

  private void attachStream(RoutingContext ctx, McpSession session) {
    synchronized (session) {
      if (session.hasStream()) {
        HttpProblem.of(409, "Conflict: this session already has an open GET stream")
            .send(ctx.response());
        return;
      }
      SseStream stream = SseStream.open(vertx, ctx.response());
      session.attachStream(stream);
      stream.onClose(() -> {
        session.detachStream(stream);
        session.touch(); // The idle clock starts when the last stream goes away.
      });
      session.onClose(stream::end);
    }
  }

  private void delete(RoutingContext ctx) {
    session(ctx).onSuccess(found -> found.ifPresent(session -> {
      session.close();
      ctx.response().setStatusCode(200).end();
    }));
  }

  /**
   * The request's session, or empty after answering 400/404 for a missing, unknown or bad one. An id from before a
   * broker restart whose state was kept is resumed, at the version the client's header names (else the default).
   */
  private Future<Optional<McpSession>> session(RoutingContext ctx) {
    String id = ctx.request().getHeader(McpWire.HEADER_SESSION_ID);
    if (id == null || id.isBlank()) {
      HttpProblem.of(400, "Bad Request: the Mcp-Session-Id header is required").send(ctx.response());
      return Future.succeededFuture(Optional.empty());
    }
    String version = ctx.request().getHeader(McpWire.HEADER_PROTOCOL_VERSION);
    Optional<ProtocolVersion> named = version == null ? Optional.empty() : ProtocolVersion.fromWire(version);
    if (version != null && named.isEmpty()) {
      HttpProblem.of(400, "Bad Request: unsupported MCP-Protocol-Version " + version)
          .send(ctx.response());
      return Future.succeededFuture(Optional.empty());
    }
    String client = HttpGuard.client(ctx);
    return registry.findOrResume(id, McpSession.Transport.STREAMABLE_HTTP,
            named.orElse(ProtocolVersion.HTTP_DEFAULT), client)
        .map(found -> {
          Optional<McpSession> session = found.filter(s -> s.transport() == McpSession.Transport.STREAMABLE_HTTP
              && s.client().equals(client));
          if (session.isEmpty()) {
            HttpProblem.of(404, "Not Found: session " + id + " does not exist or has ended")
                .send(ctx.response());
            return session;
          }
          session.get().touch();
          return session;
        });
  }

  private static void sendJson(HttpServerResponse response, JsonRpcMessage message) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(200)
          .putHeader(McpWire.HEADER_CONTENT_TYPE, McpWire.APPLICATION_JSON)
          .end(JsonRpcCodec.encode(message));
    }
  }

  private static boolean accepts(RoutingContext ctx, String mediaType) {
    String accept = ctx.request().getHeader(McpWire.HEADER_ACCEPT);
    if (accept == null) {
      return false;
    }
    for (int from = 0; from <= accept.length(); ) { // asked twice on every POST: no split, no stream
      int comma = accept.indexOf(',', from);
      int end = comma < 0 ? accept.length() : comma;
      if (mediaType(accept.substring(from, end)).equals(mediaType)) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }

  private static String mediaType(String headerValue) {
    int semicolon = headerValue.indexOf(';');
    String type = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
