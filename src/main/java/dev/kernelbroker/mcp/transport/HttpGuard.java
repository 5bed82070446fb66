package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.QuotaRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Checks every request before anything else: Host (DNS rebinding, when bound to loopback), Origin
 * (browsers), then the bearer token. Requests without Origin come from non-browser clients and pass. The name of
 * the token a request carries (its client) is put in the routing context for every handler after it:
 * {@link #client(RoutingContext)}.
 */
final class HttpGuard implements Handler<RoutingContext> {
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1");
  private static final String CLIENT = "kernelbroker.client";

  private final McpHttpSettings settings;
  private final IntSupplier boundPort;
  private final Predicate<String> refusedPeers;
  private final QuotaRegistry clients;

  HttpGuard(McpHttpSettings settings, IntSupplier boundPort, Predicate<String> refusedPeers,
      QuotaRegistry clients) {
    this.refusedPeers = refusedPeers;
    this.settings = settings;
    this.boundPort = boundPort;
    this.clients = clients;
  }

  /** The name of the token the request was let in with (or {@code anonymous} when no token is configured). */
  static String client(RoutingContext ctx) {
    String client = ctx.get(CLIENT);
    if (client == null) {
      throw new IllegalStateException("no client: the request did not pass the HttpGuard");
    }
    return client;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // The socket's peer, as the server saw it (the request's own address would parse forwarding headers first).
    SocketAddress remote = request.connection().remoteAddress();
    String peer = remote == null ? null : remote.hostAddress();
    if (peer != null && refused(peer)) {
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
    Optional<String> client = clients.identify(bearer(request));
    if (client.isEmpty()) {
      ctx.response().putHeader(McpWire.HEADER_WWW_AUTHENTICATE, McpWire.BEARER);
      HttpProblem.of(401, "Unauthorized: a valid bearer token is required").send(ctx.response());
      return;
    }
    ctx.put(CLIENT, client.get());
    ctx.next();
  }

  /**
   * Whether code in a sandbox is calling. A loopback peer never is (a container reaches the host from its network's
   * address), and it is the usual one: it is let in without parsing its address against the sandboxes' networks.
   */
  private boolean refused(String peer) {
    // A socket's IPv6 loopback reads 0:0:0:0:0:0:0:1, which the settings' host check never sees.
    return !(McpHttpSettings.isLoopback(peer) || peer.equals("0:0:0:0:0:0:0:1")) && refusedPeers.test(peer);
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

  /** The presented token, or null; the scheme is case-insensitive (RFC 9110 section 11.1). */
  private static String bearer(HttpServerRequest request) {
    String header = request.getHeader(McpWire.HEADER_AUTHORIZATION);
    String scheme = McpWire.BEARER + " ";
    if (header == null || !header.strip().regionMatches(true, 0, scheme, 0, scheme.length())) {
      return null;
    }
    // Compared in constant time by the registry, so response timing does not leak how much of a guess was right.
    return header.strip().substring(scheme.length()).strip();
  }

  private static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
