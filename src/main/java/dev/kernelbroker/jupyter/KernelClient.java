package dev.kernelbroker.jupyter;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs code on one kernel, strictly one execution at a time in submission order (different kernels run
 * in parallel). After a kernel death, queued executions still run, on the restarted kernel.
 */
public final class KernelClient {
  private final KernelManager kernel;
  private final ContextInternal context;
  private final Deque<Execution> queue = new ArrayDeque<>();
  private Execution current;
  private ExecutionRun currentRun;
  private boolean shutDown;

  KernelClient(KernelManager kernel, ContextInternal context) {
    this.kernel = kernel;
    this.context = context;
    kernel.onDeath(this::onKernelDeath);
    kernel.onOutputLost(reason -> {
      if (currentRun != null) {
        currentRun.outputLost(reason);
      }
    });
  }

  /**
   * Queues {@code request}; callable from any thread. On the kernel's event loop (a call from the MCP or REST face)
   * a free kernel gets the request before this returns: {@code runOnContext} would send it in a task of its own,
   * after the caller's whole stack had unwound (~25 µs of every call, issue 9).
   */
  public Execution execute(ExecuteRequest request) {
    Execution execution = new Execution(this, request);
    Handler<Void> enqueue = v -> {
      if (shutDown) {
        execution.settle(Future.succeededFuture(notRun(request, Summary.cancelledBeforeStart())));
        return;
      }
      queue.add(execution);
      pump();
    };
    if (context.nettyEventLoop().inEventLoop()) {
      context.emit(enqueue); // on this context, at once
    } else {
      context.runOnContext(enqueue);
    }
    return execution;
  }

  public Future<ExecutionResult> execute(String code, Duration timeout) {
    return execute(new ExecuteRequest(code, timeout)).result();
  }

  /** How many executions wait behind the running one. */
  public int queued() {
    return queue.size();
  }

  void cancel(Execution execution) {
    context.runOnContext(v -> {
      if (queue.remove(execution)) {
        execution.settle(Future.succeededFuture(notRun(execution.request(), Summary.cancelledBeforeStart())));
      } else if (execution == current && currentRun != null) {
        currentRun.cancel();
      }
    });
  }

  void shutDown() {
    close(false);
  }

  /** The broker exits in keep mode: the kernel goes on without this client; nothing it ran is undone. */
  void leave() {
    close(true);
  }

  private void close(boolean kernelStays) {
    shutDown = true;
    List<Execution> waiting = List.copyOf(queue);
    queue.clear();
    String summary = kernelStays ? Summary.brokerLeft(false) : Summary.cancelledBeforeStart();
    waiting.forEach(e -> e.settle(Future.succeededFuture(notRun(e.request(), summary))));
    if (currentRun != null) {
      if (kernelStays) {
        currentRun.brokerLeft();
      } else {
        currentRun.kernelShutDown();
      }
    }
  }

  private void pump() {
    if (current != null || queue.isEmpty() || shutDown) {
      return;
    }
    Execution next = queue.poll();
    current = next;
    // A kernel that is up (every call but its first) starts the run at once. Chained on the readiness future, which
    // belongs to the kernel's context, the result would reach the caller in an event-loop task of its own (Vert.x
    // delivers a future's result on its context); the run's own future belongs to none, so the result goes on in
    // the task that read the kernel's last message.
    Future<Void> ready = kernel.whenReady();
    Future<ExecutionResult> outcome = ready.isComplete() ? begin(next, ready) : ready.transform(r -> begin(next, r));
    outcome.onComplete(done -> {
      next.settle(done);
      current = null;
      currentRun = null;
      pump();
    });
  }

  private Future<ExecutionResult> begin(Execution next, AsyncResult<Void> ready) {
    if (next.cancelRequested()) {
      return Future.succeededFuture(notRun(next.request(), Summary.cancelledBeforeStart()));
    }
    if (ready.failed()) {
      return Future.succeededFuture(new ExecutionResult(List.of(), ExecutionStatus.KERNEL_DIED, false, null,
          Duration.ZERO, Summary.notStarted(ready.cause().getMessage())));
    }
    currentRun = new ExecutionRun(kernel, next.request(), context.owner());
    return currentRun.start();
  }

  private void onKernelDeath(String reason) {
    if (currentRun != null) {
      currentRun.kernelDied(reason);
    }
  }

  private static ExecutionResult notRun(ExecuteRequest request, String summary) {
    return new ExecutionResult(List.of(), ExecutionStatus.CANCELLED, true, null, Duration.ZERO, summary);
  }
}
