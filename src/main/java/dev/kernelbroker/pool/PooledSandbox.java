package dev.kernelbroker.pool;

import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelState;
import dev.kernelbroker.sandbox.SandboxInstance;
import java.util.Optional;

/**
 * A started sandbox with its REST client and the kernel started while it waited in the pool. Claimed by one
 * session for good; the pool removes it when that session releases it.
 */
public final class PooledSandbox {
  private final SandboxInstance instance;
  private final JupyterRestClient rest;
  private KernelManager warmKernel;
  private final java.util.Map<String, String> adoptedKernels;
  private boolean waitedInPool;

  PooledSandbox(SandboxInstance instance, JupyterRestClient rest, KernelManager warmKernel) {
    this(instance, rest, warmKernel, java.util.Map.of());
  }

  /** @param adoptedKernels for a sandbox of an earlier broker: its running kernels' ids by kernel spec */
  PooledSandbox(SandboxInstance instance, JupyterRestClient rest, KernelManager warmKernel,
      java.util.Map<String, String> adoptedKernels) {
    this.instance = instance;
    this.rest = rest;
    this.warmKernel = warmKernel;
    this.adoptedKernels = new java.util.HashMap<>(adoptedKernels);
  }

  /** The id of a kernel of {@code specName} an earlier broker left running here, once; empty if there is none. */
  public synchronized Optional<String> takeAdoptedKernel(String specName) {
    return Optional.ofNullable(adoptedKernels.remove(specName));
  }

  public SandboxInstance instance() {
    return instance;
  }

  public JupyterRestClient rest() {
    return rest;
  }

  /** Whether it was started ahead of demand and waited warm, rather than started for its session's claim. */
  public synchronized boolean fromPool() {
    return waitedInPool;
  }

  synchronized void waitedInPool() {
    waitedInPool = true;
  }

  /** The kernel started ahead of demand for {@code specName}, once; empty if it is used, of another spec or dead. */
  public synchronized Optional<KernelManager> takeWarmKernel(String specName) {
    KernelManager kernel = warmKernel;
    if (kernel == null || !kernel.specName().equals(specName) || kernel.state() == KernelState.DEAD) {
      return Optional.empty();
    }
    warmKernel = null;
    return Optional.of(kernel);
  }

  synchronized boolean warmKernelAlive() {
    return warmKernel != null && warmKernel.state() != KernelState.DEAD;
  }

  /** The unused warm kernel, if any, for shutting down with the sandbox. */
  synchronized Optional<KernelManager> dropWarmKernel() {
    KernelManager kernel = warmKernel;
    warmKernel = null;
    return Optional.ofNullable(kernel);
  }
}
