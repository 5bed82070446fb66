package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.AccessSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the MCP HTTP endpoint listens and whom it lets in.
 *
 * @param allowedOrigins extra browser origins allowed besides loopback ones, e.g. "https://app.example"
 * @param access the bearer tokens (when there are any, every request needs {@code Authorization: Bearer <token>})
 *     and the limits of each
 * @param sessionIdleTimeout how long an idle session that holds state (ran code) is kept
 * @param sessionUnusedTimeout how long an idle session that holds no state is kept
 * @param deadlines how long a client may take to send its requests; see {@link HttpDeadlines}
 */
public record McpHttpSettings(
    String host,
    int port,
    List<String> allowedOrigins,
    AccessSettings access,
    long maxRequestBytes,
    Duration sessionIdleTimeout,
    Duration sessionUnusedTimeout,
    HttpDeadlines deadlines) {
  /** The shortest token accepted on an address other machines can reach. */
  public static final int MIN_PUBLIC_TOKEN = 16;

  public McpHttpSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    allowedOrigins = allowedOrigins.stream().map(McpHttpSettings::normalizeOrigin).toList();
    Objects.requireNonNull(access, "access");
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive");
    }
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    if (!access.required() && !isLoopback(host)) {
      throw new IllegalArgumentException(host + " is reachable from other machines, and no auth token is set:"
          + " anyone who can reach it could run code. Set a token, or bind 127.0.0.1");
    }
    if (!isLoopback(host) && access.shortestSecret() < MIN_PUBLIC_TOKEN) {
      throw new IllegalArgumentException(host + " is reachable from other machines, and a token of "
          + access.shortestSecret() + " characters is guessable: use at least " + MIN_PUBLIC_TOKEN
          + " (for example: openssl rand -hex 24)");
    }
    if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
      throw new IllegalArgumentException("sessionIdleTimeout must be positive");
    }
    Objects.requireNonNull(sessionUnusedTimeout, "sessionUnusedTimeout");
    if (sessionUnusedTimeout.isNegative() || sessionUnusedTimeout.isZero()) {
      throw new IllegalArgumentException("sessionUnusedTimeout must be positive");
    }
    Objects.requireNonNull(deadlines, "deadlines");
  }

  /** With the default deadlines, which are not configurable from the environment. */
  public McpHttpSettings(String host, int port, List<String> allowedOrigins, Optional<String> authToken,
      long maxRequestBytes, Duration sessionIdleTimeout, Duration sessionUnusedTimeout) {
    this(host, port, allowedOrigins, authToken, maxRequestBytes, sessionIdleTimeout, sessionUnusedTimeout,
        HttpDeadlines.DEFAULTS);
  }

  /** One token (named {@code default}) or none, without limits. */
  public McpHttpSettings(String host, int port, List<String> allowedOrigins, Optional<String> authToken,
      long maxRequestBytes, Duration sessionIdleTimeout, Duration sessionUnusedTimeout, HttpDeadlines deadlines) {
    this(host, port, allowedOrigins, access(authToken), maxRequestBytes, sessionIdleTimeout,
        sessionUnusedTimeout, deadlines);
  }

  private static AccessSettings access(Optional<String> authToken) {
    Objects.requireNonNull(authToken, "authToken");
    if (authToken.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("authToken must not be blank when set");
    }
    return authToken.map(AccessSettings::single).orElseGet(AccessSettings::open);
  }

  /** The token named {@code default} (BROKER_AUTH_TOKEN's), if there is one. */
  public Optional<String> authToken() {
    return access.tokens().stream().filter(t -> t.name().equals(AccessSettings.DEFAULT_TOKEN))
        .map(dev.kernelbroker.access.AccessToken::secret).findFirst();
  }

  /** Whether the server is bound to a loopback interface only, which enables the Host check. */
  public boolean isLoopback() {
    return isLoopback(host);
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  static String normalizeOrigin(String origin) {
    String trimmed = origin.trim().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
