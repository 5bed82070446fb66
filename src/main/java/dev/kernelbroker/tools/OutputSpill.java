package dev.kernelbroker.tools;

import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.jupyter.OverflowSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a call's whole output into a file of its workspace once it outgrows the result, piece by piece on worker
 * threads. At most {@link #MAX_PENDING_CHARS} wait in memory (the disk is far faster than a kernel's output, so this
 * is a bound, not a buffer); the file itself stops at its byte cap.
 */
final class OutputSpill implements OverflowSink {
  /** What a finished spill left: the file, its size, and whether it holds everything. */
  record Spilled(FileEntry file, long chars, boolean complete, String problem) {}

  private static final Logger LOG = LoggerFactory.getLogger(OutputSpill.class);
  private static final long MAX_PENDING_CHARS = 8L << 20;

  private final Vertx vertx;
  private final WorkspaceFiles files;
  private final Supplier<WorkspacePath> name;
  private final long maxBytes;
  private WorkspacePath path;
  private Future<WritableByteChannel> channel;
  private Future<Void> tail = Future.succeededFuture();
  private long pendingChars;
  private long chars;
  private long written;
  private String problem;

  /** {@code name} is asked once, when the output first spills: a call that never spills pays nothing for it. */
  OutputSpill(Vertx vertx, WorkspaceFiles files, Supplier<WorkspacePath> name, long maxBytes) {
    this.vertx = vertx;
    this.files = files;
    this.name = name;
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void accept(Output output) {
    String text = render(output);
    if (text.isEmpty()) {
      return;
    }
    chars += text.length();
    if (problem != null || written >= maxBytes) {
      return;
    }
    if (pendingChars + text.length() > MAX_PENDING_CHARS) {
      problem = "the disk did not keep up with the output, so the rest was not written";
      return;
    }
    pendingChars += text.length();
    if (channel == null) {
      path = name.get();
      channel = files.create(path);
    }
    tail = tail.compose(v -> channel).compose(ch -> vertx.<Void>executeBlocking(() -> {
      write(ch, text);
      return null;
    }, false)).onFailure(this::failed).otherwiseEmpty().andThen(done -> {
      synchronized (this) {
        pendingChars -= text.length();
      }
    });
  }

  /** Waits for the writes, closes the file; empty when the output never outgrew the result. */
  Future<Optional<Spilled>> finish() {
    Future<WritableByteChannel> opened;
    Future<Void> last;
    synchronized (this) {
      opened = channel;
      last = tail;
    }
    if (opened == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return last.compose(v -> opened).compose(ch -> vertx.<Void>executeBlocking(() -> {
      ch.close();
      return null;
    }, false)).compose(v -> files.stat(path)).map(entry -> {
      synchronized (this) {
        return Optional.of(new Spilled(entry, chars, problem == null && written < maxBytes, problem));
      }
    });
  }

  private void write(WritableByteChannel ch, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long room;
    synchronized (this) {
      room = maxBytes - written;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, (int) Math.min(bytes.length, Math.max(0, room)));
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
    synchronized (this) {
      written += buffer.limit();
    }
  }

  private synchronized void failed(Throwable e) {
    if (problem == null) {
      problem = "writing it failed: " + e.getMessage();
      LOG.warn("Output spill {} failed: {}", path, e.toString());
    }
  }

  synchronized long maxBytes() {
    return maxBytes;
  }

  private static String render(Output output) {
    if (output instanceof Output.StreamOutput s) {
      return s.text();
    }
    if (output instanceof Output.ErrorOutput e) {
      return (e.traceback().isEmpty() ? e.ename() + ": " + e.evalue() : String.join("\n", e.traceback())) + "\n";
    }
    if (output instanceof Output.RichOutput r) {
      String text = r.data().get("text/plain");
      return text != null ? text + "\n" : "[" + String.join(", ", r.data().keySet()) + "]\n";
    }
    return "[kernel-broker] " + ((Output.NoticeOutput) output).text() + "\n";
  }
}
