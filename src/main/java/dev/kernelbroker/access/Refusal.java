package dev.kernelbroker.access;

import java.time.Duration;
import java.util.Objects;

/** A limit said no: why, in words a person or a model can act on, and when trying again can succeed. */
public record Refusal(String limit, String message, Duration retryAfter) {
  public Refusal {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Whole seconds, at least one, as HTTP's Retry-After wants. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
