package dev.kernelbroker.session;

import dev.kernelbroker.sandbox.ResourceUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one call used: the kernel's wall time always; CPU time and peak memory where the sandbox's counters could be
 * read from the host, else {@code sandbox} is empty and they are unavailable (never guessed).
 */
public record CallUsage(Duration wall, Optional<ResourceUsage> sandbox) {
  public static final CallUsage NOTHING = new CallUsage(Duration.ZERO, Optional.empty());

  public CallUsage {
    Objects.requireNonNull(wall, "wall");
    Objects.requireNonNull(sandbox, "sandbox");
  }
}
