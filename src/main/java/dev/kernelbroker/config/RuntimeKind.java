package dev.kernelbroker.config;

/** Where Jupyter Server runs: in the hardened sandbox container, or (unsandboxed) as a child process. */
public enum RuntimeKind {
  DOCKER,
  LOCAL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
