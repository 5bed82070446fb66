package dev.kernelbroker.jupyter;

import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a Jupyter Server answers, and the token it wants: a TCP address, or a Unix socket on this host (a sandbox
 * without a network). {@link #host()} and {@link #port()} are what HTTP names as the server: a socket's are
 * 127.0.0.1 and 8888, which Jupyter's host check accepts.
 */
public record JupyterEndpoint(SocketAddress server, String token) {
  private static final String SOCKET_HOST = "127.0.0.1";
  private static final int SOCKET_PORT = 8888;

  public JupyterEndpoint {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(token, "token");
    if (server.isInetSocket() && (server.host() == null || server.host().isBlank())) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (server.isInetSocket() && (server.port() < 1 || server.port() > 65535)) {
      throw new IllegalArgumentException("port must be 1..65535, got " + server.port());
    }
    if (server.isDomainSocket() && (server.path() == null || server.path().isBlank())) {
      throw new IllegalArgumentException("the socket's path must not be blank");
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank: Jupyter Server must never run without one");
    }
  }

  /** Jupyter on a TCP port. */
  public JupyterEndpoint(String host, int port, String token) {
    this(SocketAddress.inetSocketAddress(port, Objects.requireNonNull(host, "host")), token);
  }

  /** Jupyter on a Unix socket: dialled directly, with no TCP port in between. */
  public static JupyterEndpoint unixSocket(Path socket, String token) {
    return new JupyterEndpoint(SocketAddress.domainSocketAddress(socket.toString()), token);
  }

  public String host() {
    return server.isDomainSocket() ? SOCKET_HOST : server.host();
  }

  public int port() {
    return server.isDomainSocket() ? SOCKET_PORT : server.port();
  }

  String authorization() {
    return "token " + token;
  }

  @Override
  public String toString() {
    // The token is a secret: keep it out of logs and error messages.
    return "JupyterEndpoint[" + (server.isDomainSocket() ? "unix:" + server.path() : host() + ":" + port()) + "]";
  }
}
