package dev.kernelbroker.sandbox;

/**
 * Measures calls in one sandbox from the host, one call at a time: {@link #begin()} right before the code is sent,
 * {@link #end()} right after its reply. Both block (file reads): call them off the event loop.
 */
public interface ResourceMeter {
  void begin();

  /** The usage since {@link #begin()}; releases what the call held. Empty when a counter could not be read. */
  java.util.Optional<ResourceUsage> end();
}
