package dev.kernelbroker.pool;

import dev.kernelbroker.jupyter.JupyterClients;
import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.sandbox.SandboxRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pooled sandbox's life, from start to removal: a container that answers, with a kernel started in it ahead of
 * demand, and at the end its clients shut down before the container goes. The pool decides when; this does how.
 */
final class PooledSandboxManager {
  private static final Logger LOG = LoggerFactory.getLogger(PooledSandboxManager.class);

  private final Vertx vertx;
  private final SandboxRuntime runtime;
  private final KernelSettings kernels;
  private final JupyterClients clients;
  private final String warmKernelSpec;

  PooledSandboxManager(Vertx vertx, SandboxRuntime runtime, KernelSettings kernels, String warmKernelSpec) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.kernels = kernels;
    this.clients = new JupyterClients(vertx);
    this.warmKernelSpec = warmKernelSpec;
  }

  JupyterClients clients() {
    return clients;
  }

  /** On a worker thread: a sandbox whose broker stops beating stops itself, so a crashed broker leaves none. */
  void heartbeat(List<PooledSandbox> live) {
    if (!live.isEmpty()) {
      vertx.executeBlocking(() -> {
        live.forEach(s -> runtime.heartbeat(s.instance()));
        return null;
      }, false);
    }
  }

  static void closeQuietly(java.io.Closeable watch) {
    try {
      watch.close();
    } catch (java.io.IOException e) {
      LOG.debug("closing {}: {}", watch, e.toString());
    }
  }

  /** A started sandbox with its warm kernel; a sandbox whose kernel does not start is removed again. */
  Future<PooledSandbox> start() {
    return runtime.start().compose(instance -> {
      JupyterRestClient rest = new JupyterRestClient(clients, instance.endpoint());
      // Its limits are set once its own start-up is done, and before it can serve: a failure there removes it.
      return KernelManager.launch(vertx, rest, warmKernelSpec, kernels)
          .compose(kernel -> runtime.applySessionLimits(instance)
              .map(v -> new PooledSandbox(instance, rest, kernel))
              .recover(e -> kernel.shutdown().transform(ignored -> Future.<PooledSandbox>failedFuture(e))))
          .recover(e -> {
            rest.close();
            return removeContainer(instance).transform(v -> Future.failedFuture(e));
          });
    });
  }

  Future<Void> retire(PooledSandbox sandbox) {
    return shutDownClients(sandbox).compose(v -> removeContainer(sandbox.instance()));
  }

  /**
   * Retires every sandbox, waits for the starts in flight to settle (they remove theirs: the pool is closed), and
   * only then closes the Jupyter clients all of them use.
   */
  Future<Void> retireAll(List<PooledSandbox> all, Future<Void> startsSettled) {
    return Future.join(all.stream().map(this::retire).toList())
        .eventually(() -> startsSettled)
        .eventually(clients::close)
        .mapEmpty();
  }

  /** The unused warm kernel and the REST client go before the container does; their failures do not matter. */
  static Future<Void> shutDownClients(PooledSandbox sandbox) {
    Future<Void> kernel = sandbox.dropWarmKernel().map(KernelManager::shutdown).orElse(Future.succeededFuture());
    return kernel.otherwiseEmpty().andThen(v -> sandbox.rest().close());
  }

  Future<Void> removeContainer(SandboxInstance instance) {
    return runtime.discard(instance)
        .onFailure(e -> LOG.warn("Removing sandbox {} failed: {}", instance.name(), e.toString()))
        .mapEmpty();
  }
}
