package dev.kernelbroker.config;

import java.time.Duration;
import java.util.Objects;

/** Limits that apply to every execution of user code. */
public record ExecutionSettings(
    Duration defaultTimeout,
    Duration maxTimeout,
    int maxOutputChars,
    long maxImageBytes,
    Duration interruptGrace) {

  public ExecutionSettings {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(maxTimeout, "maxTimeout");
    Objects.requireNonNull(interruptGrace, "interruptGrace");
    if (defaultTimeout.compareTo(maxTimeout) > 0) {
      throw new ConfigException("the default execution timeout (" + defaultTimeout.toSeconds()
          + " s) is above the maximum (" + maxTimeout.toSeconds() + " s)");
    }
    if (maxOutputChars < 1000 || maxImageBytes < 1024) {
      throw new ConfigException("output caps too small: maxOutputChars=" + maxOutputChars
          + " (min 1000), maxImageBytes=" + maxImageBytes + " (min 1024)");
    }
  }
}
