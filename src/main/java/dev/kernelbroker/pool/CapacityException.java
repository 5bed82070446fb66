package dev.kernelbroker.pool;

/** No sandbox could be had within the claim wait: every one the broker may run is in use. */
public final class CapacityException extends RuntimeException {
  CapacityException(String message) {
    super(message, null, false, false);
  }
}
