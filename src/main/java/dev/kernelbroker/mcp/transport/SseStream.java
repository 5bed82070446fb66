package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.server.MessageSink;
import dev.kernelbroker.mcp.server.OneShot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * A text/event-stream response. Writes are serialised so events keep the order they were sent in,
 * whatever thread sends them; comments keep proxies and idle-timeouts from dropping a quiet stream.
 */
final class SseStream implements MessageSink {
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final OneShot closing = new OneShot("SSE stream close");
  private long keepAliveTimer = -1;

  private SseStream(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
  }

  static SseStream open(Vertx vertx, HttpServerResponse response) {
    SseStream stream = new SseStream(vertx, response);
    response.setStatusCode(200)
        .putHeader(McpWire.HEADER_CONTENT_TYPE, McpWire.EVENT_STREAM)
        .putHeader(McpWire.HEADER_CACHE_CONTROL, "no-cache, no-transform")
        .setChunked(true);
    response.closeHandler(v -> stream.closed());
    response.exceptionHandler(e -> stream.closed());
    // Clients wait for the headers before they consider the stream open.
    response.writeHead();
    stream.keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE.toMillis(), id -> stream.comment("keep-alive"));
    return stream;
  }

  @Override
  public void send(JsonRpcMessage message) {
    event(McpWire.EVENT_MESSAGE, JsonRpcCodec.encode(message));
  }

  /** One event; data must be a single line, which compact JSON always is. */
  synchronized void event(String name, String data) {
    if (!closing.happened() && !response.ended()) {
      response.write("event: " + name + "\ndata: " + data + "\n\n");
    }
  }

  synchronized void comment(String text) {
    if (!closing.happened() && !response.ended()) {
      response.write(": " + text + "\n\n");
    }
  }

  /** Runs once when the stream ends, from either side. */
  void onClose(Runnable action) {
    closing.then(action);
  }

  /** Ends the stream from the server side. */
  void end() {
    synchronized (this) {
      if (!closing.happened() && !response.ended()) {
        response.end();
      }
    }
    closed();
  }

  private void closed() {
    closing.fire(() -> vertx.cancelTimer(keepAliveTimer));
  }
}
