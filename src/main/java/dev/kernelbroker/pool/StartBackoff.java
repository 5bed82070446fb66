package dev.kernelbroker.pool;

/**
 * After sandboxes fail to start (a missing image, a full disk), the pool waits before it tries again: 1 s, doubling
 * up to 30 s, until one starts. A claim that is waiting does not wait for the backoff. Guarded by the pool's lock.
 */
final class StartBackoff {
  private static final long MAX_BACKOFF_MS = 30_000;

  private int failuresInRow;
  private long retryAt;
  private String lastError;

  void failed(String message) {
    lastError = message;
    failuresInRow++;
    retryAt = System.currentTimeMillis() + Math.min(MAX_BACKOFF_MS, 1000L << Math.min(15, failuresInRow - 1));
  }

  void succeeded() {
    failuresInRow = 0;
    lastError = null;
  }

  /** Milliseconds until the next start may be tried; zero or less when it may be tried now. */
  long waitMillis() {
    return retryAt - System.currentTimeMillis();
  }

  /** What went wrong last, while starts keep failing; null once one started. */
  String lastError() {
    return lastError;
  }
}
