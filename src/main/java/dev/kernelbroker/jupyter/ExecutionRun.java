package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execute_request in flight, shaped like jupyter_client's execute_interactive: it is done only once
 * both the shell execute_reply and the iopub idle status for its msg_id have arrived, in either order.
 * Runs on its manager's context.
 */
final class ExecutionRun {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
  /** While a run waits, how often the kernel is checked to still exist: a cell longer than this pays one call. */
  private static final long LIVENESS_CHECK_MS = 2000;

  private final KernelManager kernel;
  private final ExecuteRequest request;
  private final Vertx vertx;
  private final OutputDecoder decoder;
  private final OutputCollector collector;
  private final Promise<ExecutionResult> promise = Promise.promise();
  private String msgId;
  private long startNanos;
  /** One timer per run: it checks the kernel still exists every {@link #LIVENESS_CHECK_MS} and ends at the timeout. */
  private long watchTimer = -1;
  private long graceTimer = -1;
  private boolean replied;
  private boolean idle;
  private boolean finished;
  private String replyStatus;
  private Integer executionCount;
  private ExecutionStatus interruptedFor;
  private boolean stateReset;

  ExecutionRun(KernelManager kernel, ExecuteRequest request, Vertx vertx) {
    this.kernel = kernel;
    this.request = request;
    this.vertx = vertx;
    this.decoder = new OutputDecoder(kernel.settings().outputLimits());
    this.collector = new OutputCollector(kernel.settings().outputLimits(), request.overflow());
  }

  Future<ExecutionResult> start() {
    JsonObject content = new JsonObject()
        .put(Wire.CODE, request.code())
        .put(Wire.SILENT, false)
        .put(Wire.STORE_HISTORY, request.storeHistory())
        .put(Wire.USER_EXPRESSIONS, new JsonObject())
        .put(Wire.ALLOW_STDIN, false)
        .put(Wire.STOP_ON_ERROR, true);
    JupyterMessage message = JupyterMessage.request(Channel.SHELL, kernel.sessionId(), MessageType.EXECUTE_REQUEST,
        content);
    msgId = message.header().msgId();
    kernel.subscribe(msgId, this::onMessage);
    startNanos = System.nanoTime();
    watch();
    Future<Void> sent = kernel.send(message);
    if (!sent.failed()) {
      tell(request.sentListener(), "sent");
    }
    sent.onFailure(err -> {
      if (!finished) {
        finished = true;
        cleanUp();
        promise.tryFail(new JupyterException("could not send execute_request to kernel " + kernel.kernelId()
            + ": " + err.getMessage(), err));
      }
    });
    return promise.future();
  }

  void cancel() {
    interruptFor(ExecutionStatus.CANCELLED);
  }

  /** The next check that the kernel exists, in {@link #LIVENESS_CHECK_MS}, or the timeout if it comes first. */
  private void watch() {
    if (finished) {
      return;
    }
    long left = startNanos + request.timeout().toNanos() - System.nanoTime();
    long toDeadline = interruptedFor == null ? Math.max(1, (left + 999_999) / 1_000_000) : Long.MAX_VALUE;
    boolean timesOut = toDeadline <= LIVENESS_CHECK_MS;
    watchTimer = vertx.setTimer(Math.min(LIVENESS_CHECK_MS, toDeadline), t -> {
      if (timesOut) {
        interruptFor(ExecutionStatus.TIMEOUT);
      } else {
        kernel.verifyExists();
      }
      watch();
    });
  }

  void kernelDied(String reason) {
    finish(ExecutionStatus.KERNEL_DIED, false, Summary.died(reason));
  }

  /**
   * A message of this run was refused, and the reconnect may have lost its reply and idle too: the run ends now as
   * an error that says so, rather than waiting for messages that may never come. The kernel lives on.
   */
  void outputLost(String reason) {
    if (finished) {
      return;
    }
    collector.add(new Output.NoticeOutput("Output lost: " + reason + ". Print less at once, or write large"
        + " results to a file."));
    finish(ExecutionStatus.ERROR, true, "Part of the output was lost (" + reason + "). The kernel is still running"
        + " and the session's state was kept; the cell itself may still be finishing.");
  }

  void kernelShutDown() {
    finish(ExecutionStatus.CANCELLED, false, "Stopped: the kernel was shut down and its state is gone.");
  }

  void brokerLeft() {
    finish(ExecutionStatus.CANCELLED, true, Summary.brokerLeft(true));
  }

  private void onMessage(JupyterMessage message) {
    if (finished) {
      return;
    }
    switch (message.channel()) {
      case SHELL -> {
        if (message.type() == MessageType.EXECUTE_REPLY) {
          replied = true;
          replyStatus = message.content().getString(Wire.STATUS, "");
          stateReset = Boolean.TRUE.equals(message.content().getBoolean(Wire.STATE_RESET));
          executionCount = message.content().getInteger(Wire.EXECUTION_COUNT);
          kernel.noteExecutionCount(executionCount);
          codeFinished();
        }
      }
      case STDIN -> {
        if (message.type() == MessageType.INPUT_REQUEST) {
          // allow_stdin is false, so this should not happen; answer at once so the kernel never hangs on it.
          kernel.send(JupyterMessage.reply(Channel.STDIN, kernel.sessionId(), MessageType.INPUT_REPLY,
              message.header(), new JsonObject().put(Wire.VALUE, "")));
        }
      }
      case IOPUB -> onIopub(message);
      default -> { }
    }
  }

  private void onIopub(JupyterMessage message) {
    switch (message.type()) {
      case STATUS -> {
        if (KernelState.IDLE.wire().equals(message.content().getString(Wire.EXECUTION_STATE))) {
          idle = true;
          codeFinished();
        }
      }
      case CLEAR_OUTPUT -> collector.clear(message.content().getBoolean(Wire.WAIT, false));
      default -> {
        for (Output output : decoder.decode(message)) {
          collector.add(output);
          try {
            request.liveOutputListener().accept(output);
          } catch (RuntimeException e) {
            LOG.warn("A live output listener failed; the execution goes on", e);
          }
        }
      }
    }
  }

  /** After the reply or the idle status: the first of them tells the done listener, the second ends the run. */
  private void codeFinished() {
    if (replied != idle) {
      tell(request.doneListener(), "done");
    }
    finishIfDone();
  }

  private static void tell(Runnable listener, String which) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("A {} listener failed; the execution goes on", which, e);
    }
  }

  private void finishIfDone() {
    if (!replied || !idle) {
      return;
    }
    if (interruptedFor != null) {
      finish(interruptedFor, !stateReset, Summary.interrupted(interruptedFor, request.timeout(), wall(), !stateReset,
          null));
    } else if (stateReset) {
      finish(Wire.REPLY_OK.equals(replyStatus) ? ExecutionStatus.OK : ExecutionStatus.ERROR, false,
          Summary.shellReset());
    } else {
      finish(Wire.REPLY_OK.equals(replyStatus) ? ExecutionStatus.OK : ExecutionStatus.ERROR, true, null);
    }
  }

  /** Interrupts the kernel; if it is not idle within the grace period, restarts it (state is lost). */
  private void interruptFor(ExecutionStatus why) {
    if (finished || interruptedFor != null) {
      return;
    }
    interruptedFor = why;
    kernel.interrupt().onFailure(err -> LOG.warn("Interrupting kernel {} failed: {}", kernel.kernelId(),
        err.getMessage()));
    graceTimer = vertx.setTimer(kernel.settings().interruptGrace().toMillis(), t -> {
      if (finished) {
        return;
      }
      kernel.unsubscribe(msgId);
      kernel.restart().onComplete(r -> finish(why, false, Summary.interrupted(why, request.timeout(), wall(), false,
          r.failed() ? r.cause().getMessage() : null)));
    });
  }

  private void finish(ExecutionStatus status, boolean stateKept, String summary) {
    if (finished) {
      return;
    }
    finished = true;
    cleanUp();
    List<Output> outputs = collector.outputs();
    Duration wall = wall();
    promise.tryComplete(new ExecutionResult(outputs, status, stateKept, executionCount, wall,
        summary != null ? summary : Summary.finished(status, outputs, wall)));
  }

  private void cleanUp() {
    vertx.cancelTimer(watchTimer);
    vertx.cancelTimer(graceTimer);
    kernel.unsubscribe(msgId);
  }

  private Duration wall() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
