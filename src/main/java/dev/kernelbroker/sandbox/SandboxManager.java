package dev.kernelbroker.sandbox;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the broker's one sandbox: starts it on first use, notices when it died, starts a new one (a new
 * generation, so sessions can tell their kernels are gone), and removes it on close or JVM exit.
 */
public final class SandboxManager {
  public enum State { NOT_STARTED, STARTING, RUNNING, FAILED, STOPPED }

  /** A running sandbox and its generation; kernels started in an older generation no longer exist. */
  public record Lease(SandboxInstance instance, long generation) {}

  public record Status(String runtime, String description, State state, long generation, Instant startedAt,
      String lastError) {}

  private static final Logger LOG = LoggerFactory.getLogger(SandboxManager.class);
  private static final long LIVENESS_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

  private final SandboxRuntime runtime;
  private final Thread exitHook = new Thread(this::stopOnExit, "kernel-broker-sandbox-exit");
  private Future<Void> prepared;
  private Future<Lease> starting;
  private Lease current;
  private State state = State.NOT_STARTED;
  private String lastError;
  private long generation;
  private long lastVerified;
  private boolean closed;

  public SandboxManager(SandboxRuntime runtime) {
    this.runtime = runtime;
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  public SandboxRuntime runtime() {
    return runtime;
  }

  /** The running sandbox, started or replaced as needed. */
  public Future<Lease> acquire() {
    return acquire(false);
  }

  /** Like {@link #acquire()}, but asks the runtime whether the sandbox still runs: after a kernel vanished. */
  public Future<Lease> verify() {
    return acquire(true);
  }

  private Future<Lease> acquire(boolean force) {
    Lease lease;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new SandboxException("the broker is shutting down"));
      }
      if (starting != null) {
        return starting;
      }
      if (current == null) {
        return startLocked();
      }
      lease = current;
      if (!force && System.nanoTime() - lastVerified < LIVENESS_CHECK_NANOS) {
        return Future.succeededFuture(lease);
      }
    }
    return runtime.isRunning(lease.instance()).compose(alive -> {
      if (alive) {
        synchronized (this) {
          lastVerified = System.nanoTime();
        }
        return Future.succeededFuture(lease);
      }
      discard(lease);
      return acquire(false);
    });
  }

  private void discard(Lease lease) {
    synchronized (this) {
      if (current != lease) {
        return;
      }
      current = null;
    }
    LOG.warn("Sandbox {} (generation {}) is no longer running; a new one starts on next use, and every session's"
        + " kernels in it are gone", lease.instance().id(), lease.generation());
    runtime.stop(lease.instance()).onFailure(e -> LOG.debug("cleaning up a dead sandbox: {}", e.getMessage()));
  }

  private Future<Lease> startLocked() {
    state = State.STARTING;
    Future<Lease> attempt = prepareOnce().compose(v -> runtime.start()).map(instance -> {
      synchronized (this) {
        current = new Lease(instance, ++generation);
        lastVerified = System.nanoTime();
        starting = null;
        state = State.RUNNING;
        lastError = null;
        if (!closed) {
          return current;
        }
      }
      runtime.stop(instance);
      throw new SandboxException("the broker is shutting down");
    });
    starting = attempt.onFailure(e -> {
      synchronized (this) {
        starting = null;
        state = closed ? State.STOPPED : State.FAILED;
        lastError = e.getMessage();
      }
    });
    return starting;
  }

  private Future<Void> prepareOnce() {
    if (prepared == null || prepared.failed()) {
      prepared = runtime.prepare();
    }
    return prepared;
  }

  public synchronized Status status() {
    return new Status(runtime.kind().wireName(), runtime.description(), state, generation,
        current == null ? null : current.instance().startedAt(), lastError);
  }

  /** Stops the sandbox; later {@link #acquire()} calls fail. */
  public Future<Void> close() {
    Lease lease;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      state = State.STOPPED;
      lease = current;
      current = null;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException alreadyExiting) {
      // the hook itself is running or about to: it will find nothing left to stop
    }
    return lease == null ? Future.succeededFuture() : runtime.stop(lease.instance());
  }

  private void stopOnExit() {
    Lease lease;
    synchronized (this) {
      lease = current;
      current = null;
      closed = true;
    }
    if (lease != null) {
      runtime.stopNow(lease.instance());
    }
  }
}
