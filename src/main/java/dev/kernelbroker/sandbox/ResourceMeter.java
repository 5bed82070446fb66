package dev.kernelbroker.sandbox;

/**
 * Measures one call in one sandbox from the host: {@link #begin()} right before the code is sent, {@link #end()}
 * right after its reply. Both block (file reads): call them off the event loop.
 */
public interface ResourceMeter {
  void begin();

  /** The usage since {@link #begin()}; releases what the meter holds. Empty when a counter could not be read. */
  java.util.Optional<ResourceUsage> end();
}
