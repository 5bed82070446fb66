package dev.kernelbroker.sandbox;

/** How many processes (tasks) a sandbox runs against its pids limit. */
public record ProcessCount(long current, long limit) {
  public ProcessCount {
    if (current < 0 || limit <= 0) {
      throw new IllegalArgumentException("not a process count: " + current + " of " + limit);
    }
  }

  /** At or within a few of the limit: new processes (a shell command, a kernel) can no longer start. */
  public boolean saturated() {
    return current >= limit - Math.max(2, limit / 50);
  }
}
