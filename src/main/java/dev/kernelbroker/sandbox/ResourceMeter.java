package dev.kernelbroker.sandbox;

/**
 * Measures calls in one sandbox from the host, one call at a time: {@link #begin()} right before the code is sent,
 * {@link #end()} right after its reply. Those two read and write kernel counters through descriptors the meter
 * opened once ({@link SandboxRuntime#resourceMeter}, on a worker thread): no disk, a few microseconds, so they may run
 * on the event loop, where two worker-thread hops per call would cost more than the readings themselves.
 */
public interface ResourceMeter extends AutoCloseable {
  void begin();

  /** The usage since {@link #begin()}; empty when a counter could not be read (the sandbox went away). */
  java.util.Optional<ResourceUsage> end();

  /** Closes the descriptors (blocking: off the event loop); the sandbox is gone or no longer measured. */
  @Override
  void close();
}
