package dev.kernelbroker.tools;

import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.server.ProgressReporter;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Forwards live output as progress messages (the latest line), at most a few per second however fast a cell
 * prints; the MCP server's own heartbeat covers silent stretches.
 */
final class ProgressRelay implements Consumer<Output> {
  private static final long MIN_GAP_MS = 250;
  private static final int MAX_MESSAGE_CHARS = 200;

  private final Vertx vertx;
  private final ProgressReporter progress;
  private long lastSentAt;
  private String pending;
  private boolean flushScheduled;
  private boolean finished;

  ProgressRelay(Vertx vertx, ProgressReporter progress) {
    this.vertx = vertx;
    this.progress = progress;
  }

  @Override
  public synchronized void accept(Output output) {
    String line = latestLine(output);
    if (line == null || finished) {
      return;
    }
    pending = line;
    long now = System.currentTimeMillis();
    if (now - lastSentAt >= MIN_GAP_MS) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      vertx.setTimer(MIN_GAP_MS - (now - lastSentAt), t -> {
        synchronized (this) {
          flushScheduled = false;
          flush();
        }
      });
    }
  }

  /** No progress may follow the result. */
  synchronized void finish() {
    finished = true;
  }

  private void flush() {
    if (pending == null || finished) {
      return;
    }
    progress.report(pending);
    pending = null;
    lastSentAt = System.currentTimeMillis();
  }

  private static String latestLine(Output output) {
    String text = null;
    if (output instanceof Output.StreamOutput s) {
      text = s.text();
    } else if (output instanceof Output.RichOutput r) {
      text = r.data().keySet().stream().filter(k -> k.startsWith("image/")).findFirst()
          .map(k -> "[" + k + "]").orElse(r.data().get("text/plain"));
    } else if (output instanceof Output.ErrorOutput e) {
      text = e.ename() + ": " + e.evalue();
    } else if (output instanceof Output.NoticeOutput n) {
      text = n.text();
    }
    if (text == null) {
      return null;
    }
    // Scan from the end: a chunk may be megabytes long, and only its last line matters.
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return null;
    }
    int start = text.lastIndexOf('\n', end - 1) + 1;
    String last = text.substring(start, Math.min(end, start + MAX_MESSAGE_CHARS)).strip();
    return end - start > MAX_MESSAGE_CHARS ? last + "…" : last;
  }
}
