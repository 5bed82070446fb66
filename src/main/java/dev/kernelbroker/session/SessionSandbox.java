package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.pool.PooledSandbox;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.sandbox.ProcessCount;
import dev.kernelbroker.sandbox.ResourceMeter;
import dev.kernelbroker.sandbox.ResourceUsage;
import java.time.Duration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one session's sandbox: claims it from the pool on first use, notices when it stopped and takes a new one
 * (a new generation, so the session can tell its kernels are gone), and releases it when the session ends.
 */
final class SessionSandbox {
  /**
   * A started kernel and the sandbox generation it lives in; {@code notResumed} when the kernel an earlier broker
   * left for this session could not be reconnected, so this one is fresh.
   */
  record Launched(KernelManager manager, long generation, boolean notResumed) {}

  private static final Logger LOG = LoggerFactory.getLogger(SessionSandbox.class);

  private final Vertx vertx;
  private final SandboxPool pool;
  private final KernelSettings settings;
  private final SessionObserver observer;
  private PooledSandbox meteredSandbox;
  private Optional<ResourceMeter> meter = Optional.empty();
  private final String sessionId;
  private Future<PooledSandbox> acquiring;
  private PooledSandbox current;
  private long generation;
  private boolean closed;

  /** @param sessionId the kernel session's id: in keep mode, what the pool finds an adopted sandbox by */
  SessionSandbox(Vertx vertx, SandboxPool pool, KernelSettings settings, String sessionId, SessionObserver observer) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.sessionId = sessionId;
    this.observer = observer;
  }

  /**
   * The meter of the current sandbox, for one call to begin and end: null when there is none or its counters cannot
   * be read. The sandbox's meter is opened once, on a worker thread; a call's readings then take microseconds on the
   * event loop ({@link ResourceMeter}). This sandbox's calls run one at a time, so a reading is that call's own (only
   * background processes the user left running add to it).
   */
  Future<ResourceMeter> meter() {
    PooledSandbox sandbox;
    Optional<ResourceMeter> known;
    synchronized (this) {
      sandbox = current;
      known = sandbox != null && meteredSandbox == sandbox ? meter : null;
    }
    if (sandbox == null) {
      return Future.succeededFuture();
    }
    Future<Optional<ResourceMeter>> opened = known != null ? Future.succeededFuture(known)
        : vertx.executeBlocking(() -> meterOf(sandbox), false);
    return opened.map(m -> m.orElse(null)).otherwise((ResourceMeter) null);
  }

  /**
   * The sandbox's meter, opened once per sandbox; the previous sandbox's is closed. Blocking, and it opens files
   * outside the lock, which the event loop takes too.
   */
  private Optional<ResourceMeter> meterOf(PooledSandbox sandbox) {
    synchronized (this) {
      if (meteredSandbox == sandbox) {
        return meter;
      }
    }
    Optional<ResourceMeter> opened = pool.runtime().resourceMeter(sandbox.instance());
    Optional<ResourceMeter> unused;
    Optional<ResourceMeter> kept;
    synchronized (this) {
      if (meteredSandbox == sandbox || closed) { // another call opened it meanwhile, or the session ended
        unused = opened;
      } else {
        unused = meter;
        meteredSandbox = sandbox;
        meter = opened;
      }
      kept = meteredSandbox == sandbox ? meter : Optional.empty();
    }
    unused.ifPresent(ResourceMeter::close);
    return kept;
  }

  /** What the meter counted; empty when there was none or its counters are gone (the sandbox with them). */
  Optional<ResourceUsage> endMeter(ResourceMeter meter) {
    return meter == null ? Optional.empty() : meter.end();
  }

  /** Closes the meter's descriptors, off the event loop. */
  private void closeMeter() {
    Optional<ResourceMeter> open;
    synchronized (this) {
      open = meter;
      meter = Optional.empty();
      meteredSandbox = null;
    }
    open.ifPresent(m -> vertx.executeBlocking(() -> {
      m.close();
      return null;
    }, false));
  }

  /** The generation of this session's running sandbox, claiming or replacing it as needed. */
  Future<Long> generation() {
    return acquire(false).map(s -> generationOf(s));
  }

  /** Asks whether the sandbox itself is gone (after a kernel died); answers the generation now running. */
  Future<Long> verifiedGeneration() {
    return acquire(true).map(s -> generationOf(s));
  }

  /**
   * Starts a kernel in this session's sandbox; Python takes the one the pool started ahead of demand. A start that
   * fails asks whether the sandbox itself is gone, and then starts the kernel once in its replacement (starting a
   * kernel runs no user code, so this retry is safe).
   */
  Future<Launched> launch(Language language) {
    return acquire(false).compose(sandbox -> startIn(sandbox, language)
        .recover(failed -> acquire(true).compose(now -> now == sandbox
            ? Future.failedFuture(failed)
            : startIn(now, language))));
  }

  private Future<Launched> startIn(PooledSandbox sandbox, Language language) {
    long gen = generationOf(sandbox);
    String spec = language.kernelSpec();
    Optional<KernelManager> warm = sandbox.takeWarmKernel(spec);
    if (warm.isPresent()) {
      return Future.succeededFuture(new Launched(warm.get(), gen, false));
    }
    Optional<String> left = sandbox.takeAdoptedKernel(spec);
    if (left.isEmpty()) {
      return KernelManager.launch(vertx, sandbox.rest(), spec, settings).map(m -> new Launched(m, gen, false));
    }
    // A sandbox adopted from an earlier broker still runs the session's kernels: reconnect, state intact.
    return KernelManager.attach(vertx, sandbox.rest(), spec, settings, left.get())
        .map(m -> new Launched(m, gen, false))
        .recover(gone -> {
          LOG.warn("Kernel {} left by an earlier broker in sandbox {} could not be reconnected ({}); starting a"
              + " new one", left.get(), sandbox.instance().name(), gone.getMessage());
          return KernelManager.launch(vertx, sandbox.rest(), spec, settings).map(m -> new Launched(m, gen, true));
        });
  }

  private synchronized long generationOf(PooledSandbox sandbox) {
    return sandbox == current ? generation : -1;
  }

  private Future<PooledSandbox> acquire(boolean force) {
    PooledSandbox sandbox;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the session has ended"));
      }
      if (acquiring != null) {
        return acquiring;
      }
      if (current == null) {
        return adopt(timed(pool.claim(sessionId)));
      }
      sandbox = current;
      // A sandbox that stops takes its kernels' WebSockets down, which makes them suspect and the session ask
      // here with force: no Docker round trip on the path of a healthy call.
      if (!force) {
        return Future.succeededFuture(sandbox);
      }
    }
    return pool.isRunning(sandbox).compose(alive -> {
      if (alive) {
        return Future.succeededFuture(sandbox);
      }
      synchronized (this) {
        if (current != sandbox) {
          return acquire(false);
        }
        if (acquiring != null) {
          return acquiring;
        }
        LOG.warn("Sandbox {} (generation {}) is no longer running; the session gets a new one and its kernels are"
            + " gone", sandbox.instance().name(), generation);
        current = null;
        return adopt(pool.replace(sandbox, sessionId));
      }
    });
  }

  private Future<PooledSandbox> timed(Future<PooledSandbox> claim) {
    long start = System.nanoTime();
    return claim.andThen(done -> observer.claimWaited(Duration.ofNanos(System.nanoTime() - start),
        done.succeeded()));
  }

  private synchronized Future<PooledSandbox> adopt(Future<PooledSandbox> claim) {
    Future<PooledSandbox> adopted = claim.compose(sandbox -> {
      synchronized (this) {
        acquiring = null;
        if (!closed) {
          current = sandbox;
          generation++;
          return Future.succeededFuture(sandbox);
        }
      }
      return pool.release(sandbox).transform(v -> Future.failedFuture(new IllegalStateException(
          "the session ended while its sandbox was starting")));
    }, failure -> {
      synchronized (this) {
        acquiring = null;
      }
      return Future.failedFuture(failure);
    });
    // A claim that completed at once has already run the callbacks above; only one in flight is shared.
    acquiring = adopted.isComplete() ? null : adopted;
    return adopted;
  }

  /**
   * Replaces the sandbox when it is at its process limit; answers the count that made it so, or null when the
   * sandbox was fine (or its runtime cannot tell).
   */
  Future<ProcessCount> recycleIfSaturated() {
    PooledSandbox sandbox;
    synchronized (this) {
      if (closed || acquiring != null || current == null) {
        return Future.succeededFuture();
      }
      sandbox = current;
    }
    return pool.processes(sandbox).compose(count -> {
      if (count.isEmpty() || !count.get().saturated()) {
        return Future.succeededFuture();
      }
      synchronized (this) {
        if (current != sandbox || acquiring != null) {
          return Future.succeededFuture();
        }
        LOG.warn("Sandbox {} is at its process limit ({} of {}); replacing it", sandbox.instance().name(),
            count.get().current(), count.get().limit());
        current = null;
        return adopt(pool.replace(sandbox, sessionId)).map(fresh -> count.get());
      }
    });
  }

  /** The host folder the session's sandbox sees as /workspace, claiming the sandbox if it has none yet. */
  Future<java.nio.file.Path> workspace() {
    return acquire(false).map(s -> s.instance().workspaceDir());
  }

  /** That folder if the session has a sandbox now; claims nothing. */
  synchronized java.util.Optional<java.nio.file.Path> currentWorkspace() {
    return java.util.Optional.ofNullable(current).map(s -> s.instance().workspaceDir());
  }

  synchronized SandboxStatus status() {
    return current == null ? null : new SandboxStatus(current.instance().name(), current.instance().shortId(),
        generation, current.fromPool(), current.instance().startedAt());
  }

  /** The broker exits in keep mode: the sandbox is left running for the next broker, which the pool sees to. */
  synchronized void detach() {
    closed = true;
    current = null;
  }

  /** Releases the sandbox to the pool, which removes it; a claim still in flight is released when it lands. */
  Future<Void> close() {
    PooledSandbox sandbox;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      sandbox = current;
      current = null;
    }
    closeMeter();
    return sandbox == null ? Future.succeededFuture() : pool.release(sandbox);
  }
}
