package dev.kernelbroker.mcp.server;

/** Tells a tool that its caller gave up (notifications/cancelled) or its session ended. */
public interface CancellationSignal {
  boolean isCancelled();

  /** Runs the action once on cancellation; at once if already cancelled. Any thread. */
  void onCancel(Runnable action);
}
