package dev.kernelbroker.mcp.transport;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Checks every request before anything else: Host (DNS rebinding, when bound to loopback), Origin
 * (browsers), then the bearer token. Requests without Origin come from non-browser clients and pass.
 */
final class HttpGuard implements Handler<RoutingContext> {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

  private final McpHttpSettings settings;
  private final IntSupplier boundPort;
  private final Predicate<String> refusedPeers;
  private final Optional<byte[]> expectedAuthorization;

  HttpGuard(McpHttpSettings settings, IntSupplier boundPort, Predicate<String> refusedPeers) {
    this.refusedPeers = refusedPeers;
    this.settings = settings;
    this.boundPort = boundPort;
    this.expectedAuthorization = settings.authToken().map(token -> token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    if (peer != null && refusedPeers.test(peer)) {
      HttpProblem.of(403, "Forbidden: code in a sandbox may not call the broker").send(ctx.response());
      return;
    }
    if (settings.isLoopback() && !isLoopbackHost(request.authority())) {
      HttpProblem.of(403, "Forbidden: Host header must name localhost when the server is bound to "
          + "loopback").send(ctx.response());
      return;
    }
    String origin = request.getHeader(McpWire.HEADER_ORIGIN);
    if (origin != null && !isAllowedOrigin(origin)) {
      HttpProblem.of(403, "Forbidden: origin " + origin + " is not allowed").send(ctx.response());
      return;
    }
    if (expectedAuthorization.isPresent() && !isAuthorized(request)) {
      ctx.response().putHeader(McpWire.HEADER_WWW_AUTHENTICATE, McpWire.BEARER);
      HttpProblem.of(401, "Unauthorized: a valid bearer token is required").send(ctx.response());
      return;
    }
    ctx.next();
  }

  private static boolean isLoopbackHost(HostAndPort authority) {
    return authority != null && LOOPBACK_HOSTS.contains(bare(authority.host()));
  }

  private boolean isAllowedOrigin(String origin) {
    if (settings.allowedOrigins().contains(McpHttpSettings.normalizeOrigin(origin))) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    String host = bare(uri.getHost());
    if (settings.isLoopback() && LOOPBACK_HOSTS.contains(host)) {
      return true;
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return host.equals(bare(settings.host())) && port == boundPort.getAsInt();
  }

  /** The scheme is case-insensitive (RFC 9110 section 11.1); the token is compared in constant time. */
  private boolean isAuthorized(HttpServerRequest request) {
    String header = request.getHeader(McpWire.HEADER_AUTHORIZATION);
    String scheme = McpWire.BEARER + " ";
    if (header == null || !header.strip().regionMatches(true, 0, scheme, 0, scheme.length())) {
      return false;
    }
    byte[] presented = header.strip().substring(scheme.length()).strip().getBytes(StandardCharsets.UTF_8);
    // Constant-time, so response timing does not leak how much of a guess was right.
    return MessageDigest.isEqual(presented, expectedAuthorization.orElseThrow());
  }

  private static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
