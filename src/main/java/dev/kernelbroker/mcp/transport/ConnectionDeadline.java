package dev.kernelbroker.mcp.transport;

import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one deadline an HTTP/1.1 connection runs against, which depends on where it is:
 * <ul>
 *   <li>accepted, no request yet: its head must be complete within {@link HttpDeadlines#requestHead};
 *   <li>a request's head arrived: its body must be complete within {@link HttpDeadlines#requestBody};
 *   <li>the body arrived, the answer is being computed or streamed: no deadline, however long the
 *       silence (a tool call that answers as plain JSON after minutes, an SSE stream for hours);
 *   <li>request read and response ended (kept alive): the next head must be complete within
 *       {@link HttpDeadlines#keepAliveIdle}.
 * </ul>
 * A missed deadline closes the connection (after a 408 when a body was late and no answer started).
 *
 * <p>Everything runs on the connection's event loop, so the fields need no lock: Vert.x delivers the
 * connection, its requests, their ends and the timers there, and a response ended from another thread
 * (a tool's callback) is handed over with runOnContext.
 */
final class ConnectionDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadline.class);
  private static final long NO_TIMER = -1;

  private final Context context;
  private final HttpConnection connection;
  private final HttpDeadlines limits;
  /** The request being read or answered; null before the first and between requests. */
  private HttpServerRequest exchange;
  private long timer = NO_TIMER;
  private boolean closed;

  ConnectionDeadline(Context context, HttpConnection connection, HttpDeadlines limits) {
    this.context = context;
    this.connection = connection;
    this.limits = limits;
  }

  /** The connection was just accepted. */
  void start() {
    arm(limits.requestHead().toMillis(), () -> expire("no complete request head within " + limits.requestHead()));
  }

  /** A request's head is complete; called before any route sees the request. */
  void requestArrived(HttpServerRequest request) {
    exchange = request;
    cancel();
    // Nothing else sets the response's end handler: not Vert.x Web, not the transports (SseStream
    // uses the close handler). It may run on any thread: whichever ended the response.
    request.response().endHandler(v -> context.runOnContext(x -> settle(request)));
    if (!request.isEnded()) {
      arm(limits.requestBody().toMillis(), () -> bodyLate(request));
      // end() is a future beside the body handlers, so the BodyHandler's own handlers stay in place.
      request.end().onComplete(done -> context.runOnContext(x -> settle(request)));
    }
  }

  /** The connection closed, from either side. */
  void closed() {
    closed = true;
    cancel();
  }

  /** After the request or its response ended: the body deadline is met, or the exchange is over. */
  private void settle(HttpServerRequest request) {
    if (closed || request != exchange || !request.isEnded()) {
      return; // a later request is in flight already (pipelining), or the body is still due
    }
    cancel();
    if (request.response().ended()) {
      exchange = null;
      arm(limits.keepAliveIdle().toMillis(), () -> expire("idle for " + limits.keepAliveIdle()));
    }
  }

  private void bodyLate(HttpServerRequest request) {
    if (request != exchange || request.isEnded()) {
      return;
    }
    HttpServerResponse response = request.response();
    if (!response.headWritten() && !response.ended()) {
      // A client that is still sending deserves to learn why the answer never came.
      response.putHeader("Connection", "close");
      HttpProblem.of(408, "Request Timeout: the request body did not arrive within " + limits.requestBody())
          .send(response);
    }
    // The 408 (or the close) is the answer. Left in place, the BodyHandler would fail the route on the
    // close with status 200, which Vert.x Web logs as an unhandled error, once per slow client.
    request.exceptionHandler(null);
    expire("request body incomplete after " + limits.requestBody());
  }

  private void expire(String reason) {
    if (closed) {
      return;
    }
    // Debug, not info: a client that opens hundreds of slow sockets must not flood the log.
    LOG.debug("closing HTTP connection from {}: {}", connection.remoteAddress(), reason);
    closed = true;
    connection.close();
  }

  private void arm(long millis, Runnable onExpiry) {
    cancel();
    timer = context.owner().setTimer(millis, id -> {
      if (id == timer) {
        timer = NO_TIMER;
        onExpiry.run();
      }
    });
  }

  private void cancel() {
    if (timer != NO_TIMER) {
      context.owner().cancelTimer(timer);
      timer = NO_TIMER;
    }
  }
}
