package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelState;

/** A session's kernel for one language, and the sandbox generation it was started in. */
final class KernelSlot {
  final KernelManager manager;
  final long generation;
  private int deathsReported;

  KernelSlot(SessionSandbox.Launched launched) {
    this.manager = launched.manager();
    this.generation = launched.generation();
    this.deathsReported = manager.deaths();
  }

  /** Whether the kernel died or is being restarted: then the sandbox itself may be gone, and is checked first. */
  boolean suspect() {
    KernelState state = manager.state();
    return manager.deaths() != deathsReported || state == KernelState.DEAD || state == KernelState.RESTARTING;
  }

  /** True once for each death no result has told the caller about yet. */
  boolean diedUnreported() {
    int deaths = manager.deaths();
    boolean unreported = deaths != deathsReported;
    deathsReported = deaths;
    return unreported;
  }
}
