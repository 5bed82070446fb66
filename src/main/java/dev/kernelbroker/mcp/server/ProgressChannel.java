package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.McpMethod;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notifications/progress for one tools/call that carried a progressToken. Besides the tool's own
 * reports it sends a heartbeat whenever the call has been silent for almost {@code maxSilence}: the TS
 * SDK gives up on a request after 60 s without progress, and kernel work is often silent for longer.
 * Everything is under one lock so progress values stay strictly increasing and none follows finish().
 */
final class ProgressChannel implements ProgressReporter {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressChannel.class);

  private final Vertx vertx;
  private final JsonNode token;
  private final MessageSink sink;
  private final long silenceBudgetNanos;
  private final long timerId;
  private long progress;
  private String lastMessage;
  private long lastSentNanos = System.nanoTime();
  private boolean finished;

  ProgressChannel(Vertx vertx, JsonNode token, MessageSink sink, Duration maxSilence) {
    this.vertx = vertx;
    this.token = token;
    this.sink = sink;
    long tickMillis = Math.max(10, maxSilence.toMillis() / 5);
    // Checking every tick and firing one tick early bounds the silence by maxSilence.
    this.silenceBudgetNanos = maxSilence.minusMillis(tickMillis).toNanos();
    this.timerId = vertx.setPeriodic(tickMillis, id -> heartbeat());
  }

  @Override
  public synchronized void report(String message) {
    if (finished) {
      return;
    }
    lastMessage = message;
    send();
  }

  /** Stops all progress; the caller sends the result only after this returns. */
  synchronized void finish() {
    finished = true;
    vertx.cancelTimer(timerId);
  }

  private synchronized void heartbeat() {
    if (!finished && System.nanoTime() - lastSentNanos >= silenceBudgetNanos) {
      send();
    }
  }

  private void send() {
    progress++;
    lastSentNanos = System.nanoTime();
    ObjectNode params = McpJson.object();
    params.set("progressToken", token);
    params.put("progress", progress);
    if (lastMessage != null) {
      params.put("message", lastMessage);
    }
    try {
      sink.send(new JsonRpcMessage.Notification(McpMethod.PROGRESS.wire(), params));
    } catch (RuntimeException e) {
      LOG.debug("progress notification not delivered", e);
    }
  }
}
