package dev.kernelbroker.config;

/**
 * What a stopping broker does with its sessions' sandboxes: {@code REMOVE} them (the default), or {@code KEEP} them
 * running for the next broker process to adopt, so a restart or an upgrade loses no session's variables.
 */
public enum OnExit {
  REMOVE,
  KEEP;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
