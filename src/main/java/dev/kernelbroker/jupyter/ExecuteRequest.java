package dev.kernelbroker.jupyter;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Code to run, how long it may take, who wants to see its output as it comes, and where all of it goes when it is
 * more than a result keeps. {@code storeHistory} false is for the broker's own cells: they leave the execution count
 * (In[n]) and the kernel's history alone. {@code sentListener} hears that the execute_request has gone to the kernel,
 * before the kernel can have started it. {@code doneListener} hears the first of the kernel's execute_reply and its
 * idle status for the request: the code has finished then (a kernel sends both only after it), though the run ends
 * only once both have come, and the output before them.
 */
public record ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener,
    OverflowSink overflow, boolean storeHistory, Runnable sentListener, Runnable doneListener) {

  public ExecuteRequest {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    liveOutputListener = liveOutputListener == null ? output -> { } : liveOutputListener;
    overflow = overflow == null ? OverflowSink.NONE : overflow;
    sentListener = sentListener == null ? () -> { } : sentListener;
    doneListener = doneListener == null ? () -> { } : doneListener;
  }

  public ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener, OverflowSink overflow,
      boolean storeHistory) {
    this(code, timeout, liveOutputListener, overflow, storeHistory, null, null);
  }

  /** This request, with {@code listener} told once it has been sent (on the kernel's context). */
  public ExecuteRequest withSentListener(Runnable listener) {
    return new ExecuteRequest(code, timeout, liveOutputListener, overflow, storeHistory, listener, doneListener);
  }

  /** This request, with {@code listener} told once the code has finished (on the kernel's context). */
  public ExecuteRequest withDoneListener(Runnable listener) {
    return new ExecuteRequest(code, timeout, liveOutputListener, overflow, storeHistory, sentListener, listener);
  }

  public ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener, OverflowSink overflow) {
    this(code, timeout, liveOutputListener, overflow, true);
  }

  public ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener) {
    this(code, timeout, liveOutputListener, null);
  }

  public ExecuteRequest(String code, Duration timeout) {
    this(code, timeout, null, null);
  }
}
