package dev.kernelbroker.pool;

import dev.kernelbroker.config.RestartSettings;
import dev.kernelbroker.jupyter.JupyterClients;
import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelModel;
import dev.kernelbroker.sandbox.AdoptableSandbox;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.sandbox.SandboxRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keep mode's side of the pool: sandboxes an earlier broker process left running for sessions that have not come
 * back yet, by session digest, each with the kernels its Jupyter Server still runs (for the session to reconnect to
 * instead of starting new ones); those nobody claims within the grace period go.
 */
final class AdoptedSandboxes {
  private static final Logger LOG = LoggerFactory.getLogger(AdoptedSandboxes.class);
  static final java.time.Duration PREPARE_WAIT = java.time.Duration.ofSeconds(30);

  private final Vertx vertx;
  private final JupyterClients clients;
  private final RestartSettings restart;
  private final SessionDigest digest;
  private final Map<String, PooledSandbox> byDigest = new HashMap<>();

  AdoptedSandboxes(Vertx vertx, JupyterClients clients, RestartSettings restart, SessionDigest digest) {
    if (restart.keep() && digest == null) {
      throw new IllegalArgumentException("keep mode needs a session digest");
    }
    this.vertx = vertx;
    this.clients = clients;
    this.restart = restart;
    this.digest = digest;
  }

  boolean keep() {
    return restart.keep();
  }

  String digestOf(String sessionId) {
    return digest.of(sessionId);
  }

  /**
   * Reconnects to each sandbox found and lists its kernels; one that cannot be listed goes to {@code remove}.
   * Arms the grace period, after which {@code expired} gets those nobody claimed.
   */
  Future<Void> adoptAll(List<AdoptableSandbox> found, Consumer<SandboxInstance> remove,
      Consumer<List<PooledSandbox>> expired) {
    if (found.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<PooledSandbox>> connected = found.stream().map(f -> connect(f)
        .onSuccess(sandbox -> add(f.sessionDigest(), sandbox))
        .onFailure(e -> {
          LOG.warn("Sandbox {} of an earlier broker: its kernels could not be listed ({}); removing it",
              f.instance().name(), e.getMessage());
          remove.accept(f.instance());
        })).toList();
    return Future.join(connected).otherwiseEmpty().map(v -> {
      LOG.info("Adopted {} sandbox(es) of an earlier broker; those whose session does not come back within {} s"
          + " (BROKER_ADOPT_GRACE) are removed", size(), restart.adoptGrace().toSeconds());
      vertx.setTimer(Math.max(1, restart.adoptGrace().toMillis()), t -> {
        List<PooledSandbox> unclaimed = takeAll();
        unclaimed.forEach(s -> LOG.info("Removing adopted sandbox {}: its session did not come back within {} s",
            s.instance().name(), restart.adoptGrace().toSeconds()));
        expired.accept(unclaimed);
      });
      return null;
    });
  }

  /** The newest kernel of each kernel spec is the session's (an older one was left by a restart gone wrong). */
  private Future<PooledSandbox> connect(AdoptableSandbox found) {
    JupyterRestClient rest = new JupyterRestClient(clients, found.instance().endpoint());
    return rest.listKernels().map(kernels -> {
      Map<String, String> bySpec = new HashMap<>();
      kernels.stream().filter(k -> !k.isDead())
          .sorted(Comparator.comparing(KernelModel::lastActivity))
          .forEach(k -> bySpec.put(k.name(), k.id()));
      return new PooledSandbox(found.instance(), rest, null, bySpec);
    });
  }

  /**
   * A sandbox for the session: the one an earlier broker left for it, if any ({@code takeOver} adds it to the
   * pool's claimed ones unless the pool closed), else a {@code fresh} claim that records the session's digest.
   */
  Future<PooledSandbox> claim(String sessionId, Future<Void> prepared, Supplier<Future<PooledSandbox>> fresh,
      Predicate<PooledSandbox> takeOver, SandboxRuntime runtime) {
    String key = digestOf(sessionId);
    return prepared.transform(ignored -> {
      PooledSandbox mine = take(key);
      if (mine == null) {
        return fresh.get().compose(sandbox -> recordClaim(runtime, sandbox, key));
      }
      if (!takeOver.test(mine)) {
        add(key, mine);
        return Future.failedFuture(new CapacityException("the broker is shutting down"));
      }
      LOG.info("A session came back to sandbox {}, adopted from an earlier broker", mine.instance().name());
      return Future.succeededFuture(mine);
    });
  }

  /** Writes the claim on a fresh sandbox (blocking, on a worker); a failure only costs its restart safety. */
  private Future<PooledSandbox> recordClaim(SandboxRuntime runtime, PooledSandbox fresh, String sessionDigest) {
    return vertx.executeBlocking(() -> {
      try {
        runtime.recordClaim(fresh.instance(), sessionDigest);
      } catch (RuntimeException e) {
        LOG.warn("Sandbox {} works, but will not survive a broker restart: {}", fresh.instance().name(),
            e.getMessage());
      }
      return fresh;
    }, false);
  }

  /**
   * Whether an adopted sandbox waits for this session, once adoption is done; a request with an unknown session id
   * waits for that at most {@link #PREPARE_WAIT}, then is answered as unknown.
   */
  Future<Boolean> holds(String sessionId, Future<Void> prepared) {
    String key = digestOf(sessionId);
    return prepared.timeout(PREPARE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(v -> has(key)).otherwise(false);
  }

  /** At exit: the sandbox stays, with its kernels and its claim record; only this broker's clients go. */
  void leave(SandboxRuntime runtime, PooledSandbox sandbox) {
    sandbox.rest().close();
    runtime.leave(sandbox.instance());
    LOG.info("Leaving sandbox {} running for the next broker (BROKER_ON_EXIT=keep)", sandbox.instance().name());
  }

  synchronized void add(String sessionDigest, PooledSandbox sandbox) {
    byDigest.put(sessionDigest, sandbox);
  }

  synchronized PooledSandbox take(String sessionDigest) {
    return byDigest.remove(sessionDigest);
  }

  synchronized boolean has(String sessionDigest) {
    return byDigest.containsKey(sessionDigest);
  }

  synchronized List<PooledSandbox> all() {
    return new ArrayList<>(byDigest.values());
  }

  synchronized List<PooledSandbox> takeAll() {
    List<PooledSandbox> all = all();
    byDigest.clear();
    return all;
  }

  synchronized int size() {
    return byDigest.size();
  }
}
