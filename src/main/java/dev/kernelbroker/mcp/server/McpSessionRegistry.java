package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sessions of the HTTP transports. A session leaves the registry when it closes, however it
 * closes. One with no request in flight and no open stream is closed here once idle for
 * {@code idleTimeout}, or for {@code unusedTimeout} while it holds no state: clients that never end
 * their sessions (many only list the tools, then go) leave nothing behind for long.
 */
public final class McpSessionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(McpSessionRegistry.class);

  private final Vertx vertx;
  private final Duration idleTimeout;
  private final Duration unusedTimeout;
  private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
  private final long sweepTimer;
  private volatile Function<String, Future<Boolean>> resumable = id -> Future.succeededFuture(false);

  public McpSessionRegistry(Vertx vertx, Duration idleTimeout, Duration unusedTimeout) {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (unusedTimeout.isNegative() || unusedTimeout.isZero()) {
      throw new IllegalArgumentException("unusedTimeout must be positive");
    }
    this.vertx = vertx;
    this.idleTimeout = idleTimeout;
    this.unusedTimeout = unusedTimeout;
    long shortest = Math.min(idleTimeout.toMillis(), unusedTimeout.toMillis());
    long sweepMillis = Math.max(50, Math.min(shortest / 4, 30_000));
    this.sweepTimer = vertx.setPeriodic(sweepMillis, id -> evictIdle());
  }

  /** Creates, registers and returns a session of the given transport. */
  public McpSession open(McpSession.Transport transport) {
    return open(transport, McpSession.LOCAL_CLIENT);
  }

  /** Creates, registers and returns a session opened by {@code client} (a token's name). */
  public McpSession open(McpSession.Transport transport, String client) {
    McpSession session = McpSession.create(transport, client);
    sessions.put(session.id(), session);
    session.onClose(() -> sessions.remove(session.id(), session));
    return session;
  }

  public Optional<McpSession> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
  }

  /**
   * Lets an id this process never handed out be taken up again when {@code test} says an earlier broker process
   * served it and its state was kept (a restart in keep mode); by default none is.
   */
  public void resumeWhen(Function<String, Future<Boolean>> test) {
    this.resumable = Objects.requireNonNull(test, "test");
  }

  /**
   * The session with this id; else one resumed under it, initialized at {@code version}, if an earlier broker
   * served it and kept its state; else empty. A resumed session belongs to {@code client}, the token of the request
   * that brings it back (the kept sandbox records no token; its session id, 128 random bits, is the secret).
   */
  public Future<Optional<McpSession>> findOrResume(String id, McpSession.Transport transport,
      ProtocolVersion version, String client) {
    Optional<McpSession> found = find(id);
    if (found.isPresent() || id == null || !McpSession.RESUMABLE_ID.matcher(id).matches()) {
      return Future.succeededFuture(found);
    }
    return resumable.apply(id).otherwise(false).map(resume -> {
      if (!resume) {
        return find(id);
      }
      McpSession fresh = McpSession.resumed(id, transport, version, client);
      McpSession raced = sessions.putIfAbsent(id, fresh);
      if (raced != null) {
        return Optional.of(raced);
      }
      fresh.onClose(() -> sessions.remove(id, fresh));
      LOG.info("MCP session {} resumed after a broker restart (protocol {})", id, version.wire());
      return Optional.of(fresh);
    });
  }

  public int size() {
    return sessions.size();
  }

  public Map<McpSession.Transport, Integer> countsByTransport() {
    Map<McpSession.Transport, Integer> counts = new EnumMap<>(McpSession.Transport.class);
    for (McpSession.Transport transport : McpSession.Transport.values()) {
      counts.put(transport, 0);
    }
    sessions.values().forEach(s -> counts.merge(s.transport(), 1, Integer::sum));
    return counts;
  }

  /** Closes every session (server shutdown) and stops eviction. */
  public Future<Void> closeAll() {
    vertx.cancelTimer(sweepTimer);
    List.copyOf(sessions.values()).forEach(McpSession::close);
    return Future.succeededFuture();
  }

  private void evictIdle() {
    Instant now = Instant.now();
    for (McpSession session : List.copyOf(sessions.values())) {
      Duration allowed = session.holdsState() ? idleTimeout : unusedTimeout;
      if (!session.isBusy() && session.lastActivity().plus(allowed).isBefore(now)) {
        LOG.info("closing MCP session {}: idle for {} s{}", session.id(), allowed.toSeconds(),
            session.holdsState() ? "" : " and it never held state (no code ran)");
        session.close();
      }
    }
  }
}
