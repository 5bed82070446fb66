package dev.kernelbroker.jupyter;

import java.util.Optional;

/** The Jupyter channels multiplexed on one kernel WebSocket, each with its wire name. */
public enum Channel {
  SHELL("shell"),
  IOPUB("iopub"),
  STDIN("stdin"),
  CONTROL("control");

  private final String wire;

  Channel(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Channel> fromWire(String name) {
    for (Channel c : values()) {
      if (c.wire.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
