package dev.kernelbroker.pool;

/** No sandbox could be had within the claim wait: every one the broker may run is in use. */
public final class CapacityException extends RuntimeException {
  CapacityException(String message) {
    super(message, null, false, false);
  }

  /** All {@code live} sandboxes the settings allow are in use, and the claim wait is over. */
  static CapacityException atCapacity(int live, dev.kernelbroker.config.PoolSettings settings, String freedWhen) {
    return new CapacityException("the broker is at capacity: " + live + " of " + settings.maxSandboxes()
        + " sandboxes are in use (BROKER_MAX_SANDBOXES) and none was freed within "
        + settings.claimTimeout().toSeconds() + " s. A sandbox is freed when its session ends or " + freedWhen);
  }
}
