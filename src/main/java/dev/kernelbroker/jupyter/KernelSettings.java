package dev.kernelbroker.jupyter;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KernelManager} treats its kernel: output caps, how long an interrupted kernel gets to go
 * idle before it is restarted, and how long a (re)started kernel gets to answer {@code kernel_info}.
 */
public record KernelSettings(OutputLimits outputLimits, Duration interruptGrace, Duration readyTimeout,
    int maxMessageBytes) {
  public static final KernelSettings DEFAULT =
      new KernelSettings(OutputLimits.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(30), 16 * 1024 * 1024);

  public KernelSettings {
    Objects.requireNonNull(outputLimits, "outputLimits");
    requirePositive(interruptGrace, "interruptGrace");
    requirePositive(readyTimeout, "readyTimeout");
    if (maxMessageBytes < 1024 * 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1 MiB, got " + maxMessageBytes);
    }
  }

  public KernelSettings withOutputLimits(OutputLimits limits) {
    return new KernelSettings(limits, interruptGrace, readyTimeout, maxMessageBytes);
  }

  public KernelSettings withMaxMessageBytes(int bytes) {
    return new KernelSettings(outputLimits, interruptGrace, readyTimeout, bytes);
  }

  public KernelSettings withInterruptGrace(Duration grace) {
    return new KernelSettings(outputLimits, grace, readyTimeout, maxMessageBytes);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
