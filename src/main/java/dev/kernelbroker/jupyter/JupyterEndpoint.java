package dev.kernelbroker.jupyter;

import java.util.Objects;

/** Where a Jupyter Server answers, and the token it wants. */
public record JupyterEndpoint(String host, int port, String token) {
  public JupyterEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    if (host.isBlank() || port < 1 || port > 65535 || token.isBlank()) {
      throw new IllegalArgumentException("invalid Jupyter endpoint " + host + ":" + port);
    }
  }

  public String baseUrl() {
    return "http://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return "JupyterEndpoint[" + baseUrl() + "]"; // never print the token
  }
}
