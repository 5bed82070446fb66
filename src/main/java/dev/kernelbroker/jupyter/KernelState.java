package dev.kernelbroker.jupyter;

import java.util.Optional;

/** What a kernel is doing, as reported by iopub {@code status} messages and the REST model. */
public enum KernelState {
  NOT_STARTED("not started"),
  STARTING("starting"),
  IDLE("idle"),
  BUSY("busy"),
  RESTARTING("restarting"),
  DEAD("dead");

  private final String wire;

  KernelState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<KernelState> fromWire(String name) {
    for (KernelState s : values()) {
      if (s.wire.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
