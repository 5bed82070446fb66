package dev.kernelbroker.config;

/**
 * The sandbox's network. {@code NONE}: loopback only, Jupyter reached over a Unix socket in a mounted folder
 * (Linux with a local engine). {@code BRIDGE}: internet access through a broker-owned bridge network on which
 * sandboxes cannot reach one another; Jupyter reached through a port published on 127.0.0.1.
 */
public enum NetworkMode {
  NONE,
  BRIDGE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * {@code none} where a Unix socket on a bind mount reaches the sandbox (Linux, local engine); elsewhere (Docker
   * Desktop's VM, a remote engine) only a published port does, so {@code bridge}.
   */
  static NetworkMode platformDefault(String osName, String dockerHost) {
    boolean linux = osName != null && osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    boolean localEngine = dockerHost == null || dockerHost.isBlank() || dockerHost.startsWith("unix://");
    return linux && localEngine ? NONE : BRIDGE;
  }
}
