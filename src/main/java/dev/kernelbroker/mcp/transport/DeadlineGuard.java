package dev.kernelbroker.mcp.transport;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every HTTP connection a {@link ConnectionDeadline} from the moment it is accepted, and tells
 * it when a request's head is complete, before the {@link HttpGuard} or any route runs.
 *
 * <p>Vert.x's own idle timeouts do not fit: a read-idle timeout would cut SSE streams and clients
 * waiting for a long tool call (they send nothing for minutes or hours), a write-idle timeout would
 * cut a long tool call answered as plain JSON (nothing is written until it ends), and the plain idle
 * timeout cuts that same call. None of them bounds a head that trickles in byte by byte.
 */
final class DeadlineGuard {
  private final HttpDeadlines limits;
  private final Map<HttpConnection, ConnectionDeadline> connections = new ConcurrentHashMap<>();

  DeadlineGuard(HttpDeadlines limits) {
    this.limits = limits;
  }

  /** For {@code HttpServer.connectionHandler}: runs on the new connection's context, at accept. */
  void connected(HttpConnection connection) {
    HttpVersion version = connection.protocolVersion();
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      // HTTP/2 and later carry many requests at once, which a one-exchange-at-a-time clock would misread
      // (and could close under a running call). The server does not speak them: no TLS, h2c off.
      return;
    }
    ConnectionDeadline deadline = new ConnectionDeadline(Vertx.currentContext(), connection, limits);
    connections.put(connection, deadline);
    connection.closeHandler(v -> {
      connections.remove(connection);
      deadline.closed();
    });
    deadline.start();
  }

  /** Wraps the server's request handler. */
  Handler<HttpServerRequest> before(Handler<HttpServerRequest> next) {
    return request -> {
      ConnectionDeadline deadline = connections.get(request.connection());
      if (deadline != null) { // always, for HTTP/1.x: the connection handler ran at accept
        deadline.requestArrived(request);
      }
      next.handle(request);
    };
  }
}
