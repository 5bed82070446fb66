package dev.kernelbroker.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's kernel sessions by id. A session idle for longer than the timeout is closed, and remembered for a
 * while so that, if its caller comes back, the new session says its earlier state is gone.
 */
public final class KernelSessionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(KernelSessionRegistry.class);
  private static final int REMEMBERED_EXPIRIES = 10_000;

  private final Vertx vertx;
  private final KernelLauncher launcher;
  private final Duration idleTimeout;
  private final Map<String, KernelSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Boolean> expired = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_EXPIRIES;
    }
  });
  private final long sweeper;

  public KernelSessionRegistry(Vertx vertx, KernelLauncher launcher, Duration idleTimeout) {
    this.vertx = vertx;
    this.launcher = launcher;
    this.idleTimeout = idleTimeout;
    long period = Math.max(1000, Math.min(30_000, idleTimeout.toMillis() / 4));
    this.sweeper = vertx.setPeriodic(period, t -> sweep());
  }

  /** The session with this id, created (without kernels yet) if there is none. */
  public KernelSession obtain(String id) {
    return sessions.computeIfAbsent(id, key -> {
      KernelSession session = new KernelSession(key, launcher);
      if (expired.remove(key) != null) {
        session.notice(SessionNotices.expired(idleTimeout));
      }
      return session;
    });
  }

  public Optional<KernelSession> find(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Ends a session: its kernels are shut down. Unknown ids are fine. */
  public Future<Void> close(String id) {
    KernelSession session = sessions.remove(id);
    return session == null ? Future.succeededFuture() : session.close();
  }

  public int size() {
    return sessions.size();
  }

  public int liveKernels() {
    return sessions.values().stream().mapToInt(KernelSession::liveKernels).sum();
  }

  private void sweep() {
    Instant cutoff = Instant.now().minus(idleTimeout);
    sessions.values().stream()
        .filter(s -> !s.busy() && s.lastActivity().isBefore(cutoff))
        .forEach(s -> {
          if (sessions.remove(s.id(), s)) {
            LOG.info("Kernel session {} idle for more than {} s: shutting its kernels down", s.id(),
                idleTimeout.toSeconds());
            expired.put(s.id(), Boolean.TRUE);
            s.close();
          }
        });
  }

  /** Closes every session; the sandbox itself is its manager's to stop. */
  public Future<Void> closeAll() {
    vertx.cancelTimer(sweeper);
    List<KernelSession> all = List.copyOf(sessions.values());
    sessions.clear();
    return Future.join(all.stream().map(KernelSession::close).toList()).mapEmpty();
  }
}
