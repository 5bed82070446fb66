package dev.kernelbroker.pool;

import dev.kernelbroker.config.PoolSettings;
import dev.kernelbroker.config.RestartSettings;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.sandbox.AdoptableSandbox;
import dev.kernelbroker.sandbox.ProcessCount;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.sandbox.SandboxRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sandbox of this broker: warm ones started ahead of demand (container up, Jupyter answering, a kernel started
 * and its WebSocket open), ones starting, and ones claimed by a session for good. At most {@code maxSandboxes} live
 * at once; a claim beyond that waits a bounded time, then fails saying the broker is at capacity. Refills happen in
 * the background, never on a claim's path. Removes them all on close and at JVM exit.
 */
public final class SandboxPool {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

  private final Vertx vertx;
  private final SandboxRuntime runtime;
  private final PoolSettings settings;
  private final PooledSandboxManager sandboxes;
  private final String freedWhen;
  private final Deque<PooledSandbox> warm = new ArrayDeque<>();
  private final Set<PooledSandbox> claimed = new HashSet<>();
  private final Deque<Promise<PooledSandbox>> waiters = new ArrayDeque<>();
  private final PoolExitHook exitHook;
  private final StartsInFlight startsInFlight = new StartsInFlight();
  private Future<Void> closing;
  private final long heartbeat;
  private Future<Void> prepared;
  private Future<java.io.Closeable> stopWatch;
  private final Set<PooledSandbox> stopped = new HashSet<>();
  private final AdoptedSandboxes adopted;
  private final StartBackoff backoff = new StartBackoff();
  private int starting;
  private long started;
  private boolean closed;
  private boolean refillsStopped;

  /**
   * @param warmKernelSpec the kernel each warm sandbox starts ahead of demand
   * @param freedWhen what frees a sandbox, for the at-capacity message (the idle timeout)
   * @param heartbeatEvery how often every live sandbox is told the broker is alive
   * @param restart in keep mode, claimed sandboxes outlive this broker and those of an earlier one are adopted
   * @param digest what claimed sandboxes carry instead of session ids (keep mode only; else null)
   */
  public SandboxPool(Vertx vertx, SandboxRuntime runtime, PoolSettings settings, KernelSettings kernels,
      String warmKernelSpec, String freedWhen, Duration heartbeatEvery, RestartSettings restart,
      SessionDigest digest) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.settings = settings;
    this.sandboxes = new PooledSandboxManager(vertx, runtime, kernels, warmKernelSpec);
    this.adopted = new AdoptedSandboxes(vertx, sandboxes.clients(), restart, digest);
    this.freedWhen = freedWhen;
    this.exitHook = new PoolExitHook(runtime, () -> takeForExit(new ArrayList<>()));
    this.heartbeat = vertx.setPeriodic(Math.max(1000, heartbeatEvery.toMillis()), t -> beat());
  }

  /** On a worker thread: a sandbox whose broker stops beating stops itself, so a crashed broker leaves none. */
  private void beat() {
    sandboxes.heartbeat(liveSandboxes(false));
  }

  /** The warm and claimed sandboxes; with {@code takeAll}, the pool closes and gives them up to be removed. */
  private synchronized List<PooledSandbox> liveSandboxes(boolean takeAll) {
    List<PooledSandbox> all = new ArrayList<>(warm);
    all.addAll(claimed);
    all.addAll(adopted.all());
    if (takeAll) {
      closed = true;
      warm.clear();
      claimed.clear();
      adopted.takeAll();
    }
    return all;
  }

  /** Closes the pool and takes its sandboxes; in keep mode those sessions hold go to {@code left}, not removed. */
  private synchronized List<PooledSandbox> takeForExit(List<PooledSandbox> left) {
    List<PooledSandbox> warmOnes = List.copyOf(warm);
    List<PooledSandbox> all = liveSandboxes(true);
    if (!adopted.keep()) {
      return all;
    }
    all.stream().filter(s -> !warmOnes.contains(s)).forEach(left::add);
    return warmOnes;
  }

  public SandboxRuntime runtime() {
    return runtime;
  }

  /** Prepares the runtime once (image, leftovers; adoption in keep mode) and fills the pool in the background. */
  public synchronized Future<Void> start() {
    if (prepared == null || prepared.failed()) {
      Future<List<AdoptableSandbox>> ready = adopted.keep() ? runtime.prepareAdopting()
          : runtime.prepare().map(List.of());
      prepared = ready.compose(found -> adopted.adoptAll(found, sandboxes::removeContainer,
          unclaimed -> Future.join(unclaimed.stream().map(this::retire).toList()).onComplete(v -> fill())));
      prepared.onComplete(done -> {
        if (done.succeeded() && stopWatch == null) {
          stopWatch = runtime.watchStops(id -> vertx.runOnContext(v -> onStopped(id)))
              .onFailure(e -> LOG.warn("No stop events from the runtime ({}); a stopped sandbox shows when its"
                  + " session calls next", e.getMessage()));
        }
        if (done.failed()) {
          failed("preparing the sandbox runtime failed: " + done.cause().getMessage());
          failWaiters(done.cause());
        }
        fill();
      });
      fill(); // the runtime may start sandboxes while it prepares
    }
    return prepared;
  }

  /** Whether this broker holds a sandbox an earlier one left for the session {@code sessionId} (keep mode). */
  public Future<Boolean> holdsAdopted(String sessionId) {
    return adopted.keep() ? adopted.holds(sessionId, awaitPrepared()) : Future.succeededFuture(false);
  }

  private synchronized Future<Void> awaitPrepared() {
    return prepared == null || prepared.failed() ? start() : prepared;
  }

  /**
   * A sandbox for the session {@code sessionId}: in keep mode the one an earlier broker left for it if there is
   * one, else a claim like {@link #claim()} that is recorded on the sandbox so that a later broker can adopt it.
   */
  public Future<PooledSandbox> claim(String sessionId) {
    return adopted.keep() ? adopted.claim(sessionId, awaitPrepared(), this::claim, this::takeOver, runtime) : claim();
  }

  private synchronized boolean takeOver(PooledSandbox sandbox) {
    return !closed && claimed.add(sandbox);
  }

  /**
   * A sandbox stopped under us (killed, out of memory): a warm one is dropped and replaced; a claimed one is counted
   * as stopped until its session replaces or ends it, so {@code /health} shows it at once.
   */
  private void onStopped(String id) {
    PooledSandbox gone;
    synchronized (this) {
      gone = withId(warm, id);
      if (gone == null) {
        PooledSandbox session = withId(claimed, id);
        if (session != null) {
          stopped.add(session);
        }
        return;
      }
      warm.remove(gone);
    }
    LOG.warn("Warm sandbox {} stopped; starting another", gone.instance().name());
    retire(gone).onComplete(v -> fill());
  }

  private static PooledSandbox withId(Collection<PooledSandbox> sandboxes, String id) {
    return sandboxes.stream().filter(s -> s.instance().id().equals(id)).findFirst().orElse(null);
  }

  /** A sandbox for one session, for good: a warm one at once, else one started now, else a bounded wait. */
  public Future<PooledSandbox> claim() {
    Promise<PooledSandbox> promise = Promise.promise();
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new CapacityException("the broker is shutting down"));
      }
      PooledSandbox ready;
      while ((ready = warm.poll()) != null && !ready.warmKernelAlive()) {
        LOG.info("Warm sandbox {} lost its kernel while waiting; removing it", ready.instance().name());
        retire(ready);
      }
      if (ready != null) {
        claimed.add(ready);
        vertx.runOnContext(v -> fill());
        return Future.succeededFuture(ready);
      }
      waiters.add(promise);
      if (prepared == null || prepared.failed()) {
        start(); // again after a failure: the cause (a missing image, a full disk) may be fixed by now
      }
    }
    fill();
    armCapacityDeadline(promise);
    return promise.future();
  }

  /** Fails a waiter that no starting sandbox will serve once the claim wait is over. */
  private void armCapacityDeadline(Promise<PooledSandbox> promise) {
    vertx.setTimer(Math.max(1, settings.claimTimeout().toMillis()), t -> {
      CapacityException refusal;
      synchronized (this) {
        int position = List.copyOf(waiters).indexOf(promise);
        if (position < 0) {
          return;
        }
        if (position < starting) {
          armCapacityDeadline(promise); // a sandbox is starting for it; the start has its own deadline
          return;
        }
        waiters.remove(promise);
        refusal = CapacityException.atCapacity(live(), settings, freedWhen);
      }
      promise.tryFail(refusal);
    });
  }

  /**
   * Once the runtime is prepared, or (where the runtime allows it) as soon as it is being prepared: a cold start's
   * first sandbox is its longest step. Not in keep mode: the sandboxes adopted then count against the maximum.
   */
  private boolean admitsStarts() {
    return prepared != null && (prepared.succeeded()
        || !prepared.failed() && runtime.startsWhilePreparing() && !adopted.keep());
  }

  /** Starts what the waiters and the pool size call for, within the maximum. */
  private void fill() {
    int toStart;
    synchronized (this) {
      if (closed || refillsStopped || !admitsStarts()) {
        return;
      }
      long wait = backoff.waitMillis();
      if (wait > 0 && waiters.isEmpty()) {
        vertx.setTimer(wait, t -> fill());
        return;
      }
      int wanted = waiters.size() + Math.max(0, settings.size() - warm.size());
      toStart = Math.max(0, Math.min(wanted - starting, settings.maxSandboxes() - live()));
      starting += toStart;
    }
    for (int i = 0; i < toStart; i++) {
      startOne();
    }
  }

  /** Starts a sandbox; the future it leaves in flight completes once it is placed (or, the pool closed, removed). */
  private void startOne() {
    Future<Void> settled = sandboxes.start().transform(outcome -> {
      Promise<PooledSandbox> waiter = null;
      boolean discard = false;
      synchronized (this) {
        starting--;
        if (outcome.succeeded()) {
          started++;
          backoff.succeeded();
          if (closed) {
            discard = true;
          } else if ((waiter = waiters.poll()) != null) {
            claimed.add(outcome.result());
          } else {
            outcome.result().waitedInPool();
            warm.add(outcome.result());
          }
        } else if (closed) { // the shutdown closed the clients or the runtime under it
          LOG.debug("A sandbox start ended by the shutdown: {}", outcome.cause().getMessage());
        } else {
          failed("a sandbox did not start: " + outcome.cause().getMessage());
          waiter = waiters.poll();
        }
      }
      if (waiter != null) {
        waiter.handle(outcome);
      }
      fill();
      return discard ? retire(outcome.result()) : Future.<Void>succeededFuture();
    });
    startsInFlight.track(settled);
  }

  private void failWaiters(Throwable cause) {
    List<Promise<PooledSandbox>> waiting;
    synchronized (this) {
      waiting = List.copyOf(waiters);
      waiters.clear();
    }
    waiting.forEach(w -> w.tryFail(cause));
  }

  private synchronized void failed(String message) {
    backoff.failed(message);
    LOG.error("{}; the pool retries in the background", message);
  }

  /** Ends a session's use of its sandbox: the container and (per the settings) its workspace folder go. */
  public Future<Void> release(PooledSandbox sandbox) {
    synchronized (this) {
      claimed.remove(sandbox);
      stopped.remove(sandbox);
    }
    return retire(sandbox).andThen(done -> fill());
  }

  /**
   * For a session whose sandbox stopped (killed, crashed, out of memory): a new sandbox, with the old one's
   * workspace files moved into its folder; in keep mode the claim by {@code sessionId} is recorded on it.
   */
  public Future<PooledSandbox> replace(PooledSandbox dead, String sessionId) {
    synchronized (this) {
      claimed.remove(dead);
      stopped.remove(dead);
    }
    PooledSandboxManager.shutDownClients(dead); // not awaited: the sandbox is gone, its kernel with it
    SandboxInstance old = dead.instance();
    return runtime.stop(old).otherwiseEmpty().compose(v -> claim(sessionId))
        .compose(fresh -> vertx.executeBlocking(() -> {
          runtime.workspaces().handOver(old.workspaceDir(), fresh.instance().workspaceDir());
          runtime.workspaces().release(old.workspaceDir());
          return fresh;
        }, false));
  }

  private Future<Void> retire(PooledSandbox sandbox) {
    return sandboxes.retire(sandbox);
  }

  public Future<Optional<ProcessCount>> processes(PooledSandbox sandbox) {
    return vertx.executeBlocking(() -> runtime.processes(sandbox.instance()), false);
  }

  public Future<Boolean> isRunning(PooledSandbox sandbox) {
    return runtime.isRunning(sandbox.instance());
  }

  private int live() {
    return warm.size() + claimed.size() + starting + adopted.size();
  }

  public synchronized PoolStatus status() {
    PoolStatus.State state = closed ? PoolStatus.State.CLOSED
        : backoff.lastError() != null ? PoolStatus.State.DEGRADED
        : prepared == null || !prepared.isComplete() ? PoolStatus.State.PREPARING : PoolStatus.State.READY;
    return new PoolStatus(state, settings.size(), settings.maxSandboxes(), warm.size(), starting, claimed.size(),
        stopped.size(), waiters.size(), started, backoff.lastError());
  }

  /**
   * Removes every sandbox, warm and claimed (kernels first), and those still starting as they land, then closes the
   * clients; completes when all that is done. Later claims fail; another close answers this one's future.
   */
  public Future<Void> close() {
    List<PooledSandbox> all;
    List<Promise<PooledSandbox>> waiting;
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      if (closing != null || closed) { // closed without a future: the exit hook took the sandboxes
        return closing != null ? closing : Future.succeededFuture();
      }
      closing = done.future();
      vertx.cancelTimer(heartbeat);
      if (stopWatch != null) {
        stopWatch.onSuccess(PooledSandboxManager::closeQuietly);
      }
      List<PooledSandbox> left = new ArrayList<>();
      all = takeForExit(left);
      left.forEach(s -> adopted.leave(runtime, s));
      waiting = List.copyOf(waiters);
      waiters.clear();
    }
    exitHook.unregister();
    waiting.forEach(w -> w.tryFail(new CapacityException("the broker is shutting down")));
    sandboxes.retireAll(all, startsInFlight.settled()).andThen(closed -> exitHook.poolClosed()).onComplete(done);
    return done.future();
  }

  /** The broker is shutting down: a sandbox its sessions release now is not replaced, only to be removed again. */
  public synchronized void stopRefills() {
    refillsStopped = true;
  }

  /** The owner's shutdown hook closes this pool at exit; the pool's own then waits for that ({@link PoolExitHook}). */
  public void closedByOwnerAtExit(Duration within) {
    exitHook.ownerClosesWithin(within);
  }
}
