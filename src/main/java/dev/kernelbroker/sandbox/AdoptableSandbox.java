package dev.kernelbroker.sandbox;

import java.util.Objects;

/**
 * A sandbox an earlier broker process left running for the session whose {@code sessionDigest} it carries; this
 * broker has reconnected to its Jupyter Server and beats its heartbeat.
 */
public record AdoptableSandbox(SandboxInstance instance, String sessionDigest) {
  public AdoptableSandbox {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(sessionDigest, "sessionDigest");
  }
}
