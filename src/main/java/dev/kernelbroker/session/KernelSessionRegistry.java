package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.pool.SandboxPool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final SandboxPool pool;
  private final KernelSettings kernels;
  private final Duration idleTimeout;
  private final boolean filesOutliveSessions;
  private final SessionObserver observer;
  private final Map<String, KernelSession> sessions = new ConcurrentHashMap<>();
  /** Sessions out of the map whose close has not finished yet: closing the broker waits for them too. */
  private final Set<KernelSession> ending = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> expired = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_EXPIRIES;
    }
  });
  private final long sweeper;

  /** @param filesOutliveSessions whether /workspace files stay after a session ends (shared or kept workspaces) */
  public KernelSessionRegistry(Vertx vertx, SandboxPool pool, KernelSettings kernels, Duration idleTimeout,
      boolean filesOutliveSessions) {
    this(vertx, pool, kernels, idleTimeout, filesOutliveSessions, SessionObserver.NONE);
  }

  /** @param observer told of every call and sandbox claim (metrics, quotas) */
  public KernelSessionRegistry(Vertx vertx, SandboxPool pool, KernelSettings kernels, Duration idleTimeout,
      boolean filesOutliveSessions, SessionObserver observer) {
    this.observer = observer;
    this.filesOutliveSessions = filesOutliveSessions;
    this.vertx = vertx;
    this.pool = pool;
    this.kernels = kernels;
    this.idleTimeout = idleTimeout;
    long period = Math.max(1000, Math.min(30_000, idleTimeout.toMillis() / 4));
    this.sweeper = vertx.setPeriodic(period, t -> sweep());
  }

  /** An idle timeout as users read it: minutes from two on, else seconds. */
  public static String describeIdle(Duration idle) {
    return idle.toMinutes() >= 2 ? idle.toMinutes() + " min" : idle.toSeconds() + " s";
  }

  /** The session with this id, created (without kernels yet) if there is none. */
  public KernelSession obtain(String id) {
    return sessions.computeIfAbsent(id, key -> {
      KernelSession session = new KernelSession(key, new SessionSandbox(vertx, pool, kernels, key, observer), observer);
      if (expired.remove(key) != null) {
        session.notice(SessionNotices.expired(idleTimeout, filesOutliveSessions));
      }
      return session;
    });
  }

  public SessionObserver observer() {
    return observer;
  }

  public Optional<KernelSession> find(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Ends a session: its kernels are shut down. Unknown ids are fine. */
  public Future<Void> close(String id) {
    KernelSession session = sessions.get(id);
    if (session == null) {
      return Future.succeededFuture();
    }
    sessions.remove(id, leaving(session));
    return closeLeft(session);
  }

  /** Puts a session in view of {@link #closeAll()} before it leaves the map, so that it is always in one of them. */
  private KernelSession leaving(KernelSession session) {
    ending.add(session);
    return session;
  }

  private Future<Void> closeLeft(KernelSession session) {
    return session.close().andThen(done -> ending.remove(session));
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
          if (sessions.remove(s.id(), leaving(s))) {
            LOG.info("Kernel session {} idle for more than {} s: shutting its kernels down", s.id(),
                idleTimeout.toSeconds());
            expired.put(s.id(), Boolean.TRUE);
            closeLeft(s);
          } else {
            ending.remove(s);
          }
        });
  }

  /**
   * The broker exits in keep mode: every session lets go of its kernels without shutting them down, and of its
   * sandbox without releasing it, for the next broker process to adopt.
   */
  public Future<Void> detachAll() {
    vertx.cancelTimer(sweeper);
    List<KernelSession> all = List.copyOf(sessions.values());
    sessions.clear();
    return Future.join(all.stream().map(KernelSession::detach).toList()).mapEmpty();
  }

  /**
   * Closes every session, which releases their sandboxes, and completes when those already closing (their MCP
   * session ended first) have closed too: only then may the pool remove what is left and close its clients.
   */
  public Future<Void> closeAll() {
    vertx.cancelTimer(sweeper);
    Set<KernelSession> all = new LinkedHashSet<>(sessions.values());
    sessions.clear();
    all.addAll(ending); // read after the map: a session leaving it meanwhile was put here first
    return Future.join(all.stream().map(this::closeLeft).toList()).mapEmpty();
  }
}
