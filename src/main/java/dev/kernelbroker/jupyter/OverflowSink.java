package dev.kernelbroker.jupyter;

/**
 * Receives the whole output of an execution once it outgrows {@link OutputLimits#maxOutputChars()}: first
 * everything kept so far, then every output as it arrives, in order. Called on the kernel's event loop, so it must
 * hand the work off (a file written on a worker thread) and never hold all of it in memory.
 */
@FunctionalInterface
public interface OverflowSink {
  OverflowSink NONE = output -> { };

  void accept(Output output);
}
