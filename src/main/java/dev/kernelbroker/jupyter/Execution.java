package dev.kernelbroker.jupyter;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/** A handle on one submitted execution: its eventual result, and a way to cancel it. */
public final class Execution {
  private final KernelClient client;
  private final ExecuteRequest request;
  private final Promise<ExecutionResult> promise = Promise.promise();
  private volatile boolean cancelRequested;

  Execution(KernelClient client, ExecuteRequest request) {
    this.client = client;
    this.request = request;
  }

  public ExecuteRequest request() {
    return request;
  }

  /** Completes with the result; fails only if the request could not be delivered to the kernel at all. */
  public Future<ExecutionResult> result() {
    return promise.future();
  }

  /** Removes the execution if still queued; interrupts it if running. Either way it ends as CANCELLED. */
  public void cancel() {
    cancelRequested = true;
    client.cancel(this);
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  void settle(AsyncResult<ExecutionResult> outcome) {
    if (outcome.succeeded()) {
      promise.tryComplete(outcome.result());
    } else {
      promise.tryFail(outcome.cause());
    }
  }
}
