package dev.kernelbroker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The MCP HTTP endpoint: where it listens and whom it lets in. */
public record ServerSettings(
    String host,
    int port,
    List<String> allowedOrigins,
    Optional<String> authToken,
    long maxRequestBytes,
    Duration sessionIdleTimeout) {

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    allowedOrigins = List.copyOf(allowedOrigins);
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    if (port < 0 || port > 65535) {
      throw new ConfigException("BROKER_PORT=" + port + " is not valid: expected 0 to 65535");
    }
    if (!isLoopback(host) && authToken.isEmpty()) {
      throw new ConfigException("BROKER_HOST=" + host + " is reachable from other machines, and BROKER_AUTH_TOKEN is"
          + " not set: anyone who can reach it could run code. Set BROKER_AUTH_TOKEN, or bind 127.0.0.1");
    }
  }

  public boolean loopback() {
    return isLoopback(host);
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("BROKER_HOST=" + host + " is not valid: expected an address or host name of this"
          + " machine, like 127.0.0.1");
    }
  }
}
