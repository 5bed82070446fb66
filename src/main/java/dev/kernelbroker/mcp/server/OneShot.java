package dev.kernelbroker.mcp.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Something that happens once (a close, a cancellation) and the actions waiting for it. An action added after
 * it happened runs at once; one failing action does not keep the others from running.
 */
public final class OneShot {
  private static final Logger LOG = LoggerFactory.getLogger(OneShot.class);

  private final String what;
  private final List<Runnable> actions = new ArrayList<>();
  private boolean happened;

  /** @param what names the event in the log line of a failing action */
  public OneShot(String what) {
    this.what = what;
  }

  public synchronized boolean happened() {
    return happened;
  }

  public void then(Runnable action) {
    synchronized (this) {
      if (!happened) {
        actions.add(action);
        return;
      }
    }
    runQuietly(action);
  }

  /** Marks it happened and runs {@code first}, then the waiting actions; false (and nothing runs) if it already had. */
  public boolean fire(Runnable first) {
    List<Runnable> waiting;
    synchronized (this) {
      if (happened) {
        return false;
      }
      happened = true;
      waiting = List.copyOf(actions);
      actions.clear();
    }
    runQuietly(first);
    waiting.forEach(this::runQuietly);
    return true;
  }

  private void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("an action after {} failed", what, e);
    }
  }
}
