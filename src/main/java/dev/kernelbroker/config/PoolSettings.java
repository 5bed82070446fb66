package dev.kernelbroker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How many sandboxes run: {@code size} kept warm ahead of demand, at most {@code maxSandboxes} alive in all (warm,
 * starting and claimed), and how long a session waits for one when the broker is at capacity.
 */
public record PoolSettings(int size, int maxSandboxes, Duration claimTimeout) {
  public PoolSettings {
    Objects.requireNonNull(claimTimeout, "claimTimeout");
    if (size < 0 || maxSandboxes < 1) {
      throw new ConfigException("the pool needs BROKER_POOL_SIZE >= 0 and BROKER_MAX_SANDBOXES >= 1, got " + size
          + " and " + maxSandboxes);
    }
    if (size > maxSandboxes) {
      throw new ConfigException("BROKER_POOL_SIZE=" + size + " is above BROKER_MAX_SANDBOXES=" + maxSandboxes
          + ": warm sandboxes count against the maximum");
    }
  }
}
