package dev.kernelbroker.config;

/** Where Jupyter Server runs: in the hardened sandbox container, or (unsandboxed) as a child process. */
public enum RuntimeKind {
  DOCKER,
  LOCAL,
  /** Each sandbox a Pod (dev.kernelbroker.kubernetes); the broker runs in the cluster. */
  KUBERNETES;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
