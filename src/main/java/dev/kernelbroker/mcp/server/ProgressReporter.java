package dev.kernelbroker.mcp.server;

/**
 * Lets a tool tell the client what it is doing. Safe from any thread; a no-op when the caller asked
 * for no progress, and after the call has been answered.
 */
@FunctionalInterface
public interface ProgressReporter {
  ProgressReporter NONE = message -> {};

  void report(String message);
}
