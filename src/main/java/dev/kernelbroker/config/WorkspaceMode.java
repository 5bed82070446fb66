package dev.kernelbroker.config;

/** What {@code /workspace} is in a sandbox: one host folder for every session, or a folder of each session's own. */
public enum WorkspaceMode {
  SHARED,
  PER_SESSION;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
