package dev.kernelbroker.mcp.protocol;

import java.util.Optional;

/** The handshake-based MCP revisions this server speaks, oldest first. */
public enum ProtocolVersion {
  V2024_11_05("2024-11-05"),
  V2025_03_26("2025-03-26"),
  V2025_06_18("2025-06-18"),
  V2025_11_25("2025-11-25");

  public static final ProtocolVersion LATEST = V2025_11_25;
  /** What Streamable HTTP assumes when a request carries no MCP-Protocol-Version header. */
  public static final ProtocolVersion HTTP_DEFAULT = V2025_03_26;

  private final String wire;

  ProtocolVersion(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<ProtocolVersion> fromWire(String value) {
    for (ProtocolVersion v : values()) { // asked on every HTTP request: a loop, not a stream
      if (v.wire.equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Whether tool results may carry {@code resource_link} items (added in 2025-06-18). */
  public boolean hasResourceLinks() {
    return compareTo(V2025_06_18) >= 0;
  }

  /** Echo a requested version we support, else offer our latest and let the client decide. */
  public static ProtocolVersion negotiate(String requested) {
    return fromWire(requested).orElse(LATEST);
  }
}
