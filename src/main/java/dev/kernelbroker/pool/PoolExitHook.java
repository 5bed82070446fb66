package dev.kernelbroker.pool;

import dev.kernelbroker.sandbox.SandboxRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's JVM shutdown hook: removes the sandboxes left when the JVM exits without closing the pool. When the
 * pool's owner closes it from a shutdown hook of its own (in order, after the sessions), this hook waits for that
 * close instead of racing it: hooks run at once, and this one removed sandboxes under kernels still shutting down.
 */
final class PoolExitHook {
  private static final Logger LOG = LoggerFactory.getLogger(PoolExitHook.class);

  private final Thread thread;
  private final CompletableFuture<Void> poolClosed = new CompletableFuture<>();
  private volatile Duration ownerClosesWithin;

  /** @param takeLeft closes the pool and answers the sandboxes it still holds that are to be removed */
  PoolExitHook(SandboxRuntime runtime, Supplier<List<PooledSandbox>> takeLeft) {
    this.thread = new Thread(() -> {
      awaitOwnersClose();
      takeLeft.get().parallelStream().forEach(s -> {
        runtime.stopNow(s.instance());
        runtime.workspaces().release(s.instance().workspaceDir());
      });
    }, "kernel-broker-sandboxes-exit");
    Runtime.getRuntime().addShutdownHook(thread);
  }

  /** The owner's hook closes the pool at exit; this one waits up to {@code within} for that, then removes the rest. */
  void ownerClosesWithin(Duration within) {
    ownerClosesWithin = within;
  }

  /** The pool is closing: outside a JVM exit the hook is not needed any more. */
  void unregister() {
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException alreadyExiting) {
      // the hook is running or about to: it waits for the close, then finds nothing left
    }
  }

  /** The pool's close finished: every sandbox it held is removed (or, in keep mode, left on purpose). */
  void poolClosed() {
    poolClosed.complete(null);
  }

  private void awaitOwnersClose() {
    Duration within = ownerClosesWithin;
    if (within == null) {
      return;
    }
    try {
      poolClosed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("The broker's close did not finish within {} s; removing the sandboxes left now", within.toSeconds());
    }
  }
}
