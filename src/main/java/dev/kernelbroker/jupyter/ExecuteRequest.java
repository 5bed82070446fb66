package dev.kernelbroker.jupyter;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Code to run, how long it may take, who wants to see its output as it comes, and where all of it goes when it is
 * more than a result keeps. {@code storeHistory} false is for the broker's own cells: they leave the execution count
 * (In[n]) and the kernel's history alone. {@code replyListener} hears the kernel's execute_reply: the code has
 * finished then, though the run ends only with the idle status after the last output.
 */
public record ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener,
    OverflowSink overflow, boolean storeHistory, Runnable replyListener) {

  public ExecuteRequest {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    liveOutputListener = liveOutputListener == null ? output -> { } : liveOutputListener;
    overflow = overflow == null ? OverflowSink.NONE : overflow;
    replyListener = replyListener == null ? () -> { } : replyListener;
  }

  public ExecuteRequest(String code, Duration timeout, Consumer<Output> liveOutputListener, OverflowSink overflow,
      boolean storeHistory) {
    this(code, timeout, liveOutputListener, overflow, storeHistory, null);
  }

  /** This request, with {@code listener} told when the kernel replies (once, on the kernel's context). */
  public ExecuteRequest withReplyListener(Runnable listener) {
    return new ExecuteRequest(code, timeout, liveOutputListener, overflow, storeHistory, listener);
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
