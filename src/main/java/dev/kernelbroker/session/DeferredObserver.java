package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Tells the next observer in an event-loop task of its own, queued now. Metrics and quota charges are bookkeeping:
 * told at once, they ran inside the chain of futures that carries a call's result to its answer. A request the
 * client sends once that answer has come is taken after this task, so it finds them done.
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
