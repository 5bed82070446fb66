package dev.kernelbroker.jobs;

import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.server.CancellationSignal;
import dev.kernelbroker.mcp.server.OneShot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One piece of work that outlives the request that started it. Its state only moves forward: queued, running, then
 * one terminal state that never changes. A cancelled job stays cancelled even when its work still reports a result
 * (which then tells what the interrupt did to the kernel).
 */
public final class Job implements JobObserver {
  /** A job's state at one moment. */
  public record Snapshot(String id, String tool, JobState state, String message, Instant createdAt, Instant startedAt,
      Instant endedAt, Instant lastUpdatedAt, Duration retention, long outputChars) {
    public Duration elapsed() {
      Instant end = endedAt != null ? endedAt : Instant.now();
      return Duration.between(startedAt != null ? startedAt : end, end);
    }

    /** How long after creation the job may be deleted, as far as known now (grows while it runs). */
    public Duration ttl() {
      Instant end = endedAt != null ? endedAt : Instant.now();
      return Duration.between(createdAt, end).plus(retention);
    }
  }

  private final String id;
  private final String tool;
  private final Instant createdAt = Instant.now();
  private final Duration retention;
  private final JobLog log;
  private final OneShot cancellation = new OneShot("job cancellation");
  private final Promise<CallToolResult> result = Promise.promise();
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private JobState state = JobState.QUEUED;
  private String message = "Queued: waiting for this session's earlier calls to finish.";
  private Instant startedAt;
  private Instant endedAt;
  private Instant lastUpdatedAt = createdAt;

  Job(String id, String tool, Duration retention, JobLog log) {
    this.id = Objects.requireNonNull(id, "id");
    this.tool = Objects.requireNonNull(tool, "tool");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.log = Objects.requireNonNull(log, "log");
  }

  public String id() {
    return id;
  }

  JobLog log() {
    return log;
  }

  /** Completes with the work's result once the work has ended, whatever the job's state says. */
  public Future<CallToolResult> result() {
    return result.future();
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(id, tool, state, message, createdAt, startedAt, endedAt, lastUpdatedAt, retention,
        log.total());
  }

  void onChange(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  CancellationSignal cancellationSignal() {
    return new CancellationSignal() {
      @Override
      public boolean isCancelled() {
        return cancellation.happened();
      }

      @Override
      public void onCancel(Runnable action) {
        cancellation.then(action);
      }
    };
  }

  @Override
  public void started() {
    synchronized (this) {
      if (state != JobState.QUEUED) {
        return;
      }
      state = JobState.RUNNING;
      startedAt = Instant.now();
      lastUpdatedAt = startedAt;
      message = "Running.";
    }
    changed();
  }

  @Override
  public void output(Output output) {
    log.add(output);
  }

  /** The work ended with this result: completed, or failed if the result is an error. */
  void finish(CallToolResult outcome) {
    boolean moved;
    synchronized (this) {
      moved = !state.isTerminal();
      if (moved) {
        state = outcome.isError() ? JobState.FAILED : JobState.COMPLETED;
        message = outcome.isError() ? statusLine(outcome) : "Completed.";
        end();
      } else if (state == JobState.CANCELLED) {
        message = statusLine(outcome); // now it is known what the interrupt did
      }
    }
    log.finish();
    result.tryComplete(outcome);
    if (moved) {
      changed();
    }
  }

  /** Cancels the job: interrupts its work (or drops it from the queue); false if it had already ended. */
  boolean cancel(String why) {
    synchronized (this) {
      if (state.isTerminal()) {
        return false;
      }
      boolean wasRunning = state == JobState.RUNNING;
      state = JobState.CANCELLED;
      message = why + (wasRunning ? " The code was interrupted; the result tells whether the kernel kept its state."
          : " It had not started: nothing ran, and the session's state is unchanged.");
      end();
    }
    cancellation.fire(() -> { });
    changed();
    return true;
  }

  private void end() {
    endedAt = Instant.now();
    lastUpdatedAt = endedAt;
    if (startedAt == null) {
      startedAt = endedAt;
    }
  }

  private void changed() {
    Snapshot now = snapshot();
    listeners.forEach(l -> l.accept(now));
  }

  /** The result's own "[status: …]" line, which says what happened and whether state was kept. */
  private static String statusLine(CallToolResult outcome) {
    String text = outcome.text();
    int at = text.lastIndexOf("[status: ");
    String line = at >= 0 ? text.substring(at) : text;
    line = line.strip();
    return line.length() > 500 ? line.substring(0, 500) + "…" : line;
  }
}
