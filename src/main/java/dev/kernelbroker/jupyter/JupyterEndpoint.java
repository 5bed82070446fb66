package dev.kernelbroker.jupyter;

import java.util.Objects;

/** Where a Jupyter Server answers, and the token it wants. */
public record JupyterEndpoint(String host, int port, String token) {

  public JupyterEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank: Jupyter Server must never run without one");
    }
  }

  public String baseUrl() {
    return "http://" + host + ":" + port;
  }

  String authorization() {
    return "token " + token;
  }

  @Override
  public String toString() {
    // The token is a secret: keep it out of logs and error messages.
    return "JupyterEndpoint[" + host + ":" + port + "]";
  }
}
