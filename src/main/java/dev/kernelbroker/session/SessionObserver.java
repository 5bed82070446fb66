package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;
import java.time.Duration;

/** Told what the kernel sessions do, for metrics and quotas; called on event-loop threads, so it must not block. */
public interface SessionObserver {
  SessionObserver NONE = new SessionObserver() { };

  /** A call ran (or was cancelled before it could) and this is its final result. */
  default void executed(KernelSession session, Language language, ExecutionResult result, CallUsage usage) {
  }

  /**
   * The broker's own cell for a call (the check for missing packages and their installs) used this: part of that
   * call, not a call of its own.
   */
  default void brokerWork(KernelSession session, CallUsage usage) {
  }

  /** A session waited this long for its sandbox from the pool; {@code claimed} false when it got none. */
  default void claimWaited(Duration wait, boolean claimed) {
  }

  /** A code call took {@code total} in the broker's tool, of which {@code kernel} was the kernel's own execution. */
  default void callTook(Language language, Duration total, Duration kernel) {
  }
}
