package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Tells the next observer once the current event-loop task is done. Metrics and quota charges are bookkeeping: told
 * at once, they ran on the call's path between the kernel's last message and the answer; this way the answer goes
 * out first. The next request from the same client can only come after that answer, so it finds them done.
 */
public final class DeferredObserver implements SessionObserver {
  private final Vertx vertx;
  private final SessionObserver next;

  public DeferredObserver(Vertx vertx, SessionObserver next) {
    this.vertx = vertx;
    this.next = next;
  }

  @Override
  public void executed(KernelSession session, Language language, ExecutionResult result, CallUsage usage) {
    vertx.runOnContext(v -> next.executed(session, language, result, usage));
  }

  @Override
  public void brokerWork(KernelSession session, CallUsage usage) {
    vertx.runOnContext(v -> next.brokerWork(session, usage));
  }

  @Override
  public void claimWaited(Duration wait, boolean claimed) {
    vertx.runOnContext(v -> next.claimWaited(wait, claimed));
  }

  @Override
  public void callTook(Language language, Duration total, Duration kernel) {
    vertx.runOnContext(v -> next.callTook(language, total, kernel));
  }
}
