package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.sandbox.SandboxManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Starts kernels in the current sandbox; one REST client per sandbox generation, shared by every session. */
public final class KernelLauncher {
  /** A started kernel and the sandbox generation it lives in. */
  public record Launched(KernelManager manager, long generation) {}

  private final Vertx vertx;
  private final SandboxManager sandbox;
  private final KernelSettings settings;
  private JupyterRestClient rest;
  private long restGeneration = -1;

  public KernelLauncher(Vertx vertx, SandboxManager sandbox, KernelSettings settings) {
    this.vertx = vertx;
    this.sandbox = sandbox;
    this.settings = settings;
  }

  /** The generation of the running sandbox, starting or replacing it as needed. */
  public Future<Long> generation() {
    return sandbox.acquire().map(SandboxManager.Lease::generation);
  }

  /** Asks whether the sandbox itself is gone (after a kernel died); answers the generation now running. */
  public Future<Long> verifiedGeneration() {
    return sandbox.verify().map(SandboxManager.Lease::generation);
  }

  public Future<Launched> launch(Language language) {
    return sandbox.acquire().compose(lease -> KernelManager
        .launch(vertx, restFor(lease), language.kernelSpec(), settings)
        .map(manager -> new Launched(manager, lease.generation())));
  }

  private synchronized JupyterRestClient restFor(SandboxManager.Lease lease) {
    if (lease.generation() != restGeneration) {
      if (rest != null) {
        rest.close();
      }
      rest = new JupyterRestClient(vertx, lease.instance().endpoint());
      restGeneration = lease.generation();
    }
    return rest;
  }
}
