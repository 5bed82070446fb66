package dev.kernelbroker.config;

import java.time.Duration;
import java.util.Objects;

/** How long finished jobs (and MCP tasks) are kept, and how many one session may hold. */
public record JobSettings(Duration retention, int maxPerSession) {
  public JobSettings {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new ConfigException("the job retention must be positive, got " + retention);
    }
    if (maxPerSession < 1) {
      throw new ConfigException("the jobs per session must be at least 1, got " + maxPerSession);
    }
  }
}
