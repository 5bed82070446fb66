package dev.kernelbroker.pool;

/**
 * The pool at one moment; {@code live} counts warm, starting and claimed sandboxes against {@code max};
 * {@code stopped} counts claimed ones whose container stopped and whose session has not yet replaced it.
 */
public record PoolStatus(State state, int size, int max, int warm, int starting, int claimed, int stopped,
    int waiting, long started, String lastError) {
  public enum State { PREPARING, READY, DEGRADED, CLOSED }

  public int live() {
    return warm + starting + claimed;
  }
}
