package dev.kernelbroker.pool;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pool's sandbox starts not settled yet (placed, or removed because the pool closed meanwhile), so that a close
 * can wait for them before the Jupyter clients they use go.
 */
final class StartsInFlight {
  /** How long a close waits for them; a start has its own, longer deadline (the image may still be pulled). */
  private static final Duration AT_CLOSE = Duration.ofSeconds(15);

  private final Set<Future<Void>> starts = new HashSet<>();

  void track(Future<Void> start) {
    synchronized (this) {
      if (start.isComplete()) {
        return;
      }
      starts.add(start);
    }
    start.onComplete(done -> {
      synchronized (this) {
        starts.remove(start);
      }
    });
  }

  /** Completes when the starts in flight now have settled, or after a bounded wait; never fails. */
  Future<Void> settled() {
    List<Future<Void>> now;
    synchronized (this) {
      now = List.copyOf(starts);
    }
    return now.isEmpty() ? Future.succeededFuture()
        : Future.join(now).<Void>mapEmpty().timeout(AT_CLOSE).otherwiseEmpty();
  }
}
