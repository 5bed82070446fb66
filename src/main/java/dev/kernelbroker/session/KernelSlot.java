package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.KernelManager;

/** A session's kernel for one language, and the sandbox generation it was started in. */
final class KernelSlot {
  final KernelManager manager;
  final long generation;
  private int deathsReported;

  KernelSlot(KernelLauncher.Launched launched) {
    this.manager = launched.manager();
    this.generation = launched.generation();
    this.deathsReported = manager.deaths();
  }

  /** True once for each death no result has told the caller about yet. */
  boolean diedUnreported() {
    int deaths = manager.deaths();
    boolean unreported = deaths != deathsReported;
    deathsReported = deaths;
    return unreported;
  }
}
