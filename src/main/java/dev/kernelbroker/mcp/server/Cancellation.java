package dev.kernelbroker.mcp.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one-shot signal behind {@link CancellationSignal}. */
final class Cancellation implements CancellationSignal {
  private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

  private final List<Runnable> actions = new ArrayList<>();
  private boolean cancelled;

  @Override
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        actions.add(action);
        return;
      }
    }
    runQuietly(action);
  }

  void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    toRun.forEach(Cancellation::runQuietly);
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // One misbehaving listener must not keep the others from learning about the cancellation.
      LOG.warn("cancellation listener failed", e);
    }
  }
}
