package dev.kernelbroker.access;

import java.util.OptionalInt;

/**
 * What one client (one bearer token) may use; an empty value is no limit.
 *
 * @param sessions MCP sessions open at once
 * @param callsPerMinute tool calls per minute
 * @param cpuSecondsPerHour CPU seconds its code may use in any hour
 */
public record Limits(OptionalInt sessions, OptionalInt callsPerMinute, OptionalInt cpuSecondsPerHour) {
  public static final Limits NONE = new Limits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  public static final String SESSIONS = "sessions";
  public static final String CALLS_PER_MINUTE = "calls_per_minute";
  public static final String CPU_SECONDS_PER_HOUR = "cpu_seconds_per_hour";

  public Limits {
    positive(SESSIONS, sessions);
    positive(CALLS_PER_MINUTE, callsPerMinute);
    positive(CPU_SECONDS_PER_HOUR, cpuSecondsPerHour);
  }

  private static void positive(String name, OptionalInt value) {
    if (value.isPresent() && value.getAsInt() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 (or unlimited), got " + value.getAsInt());
    }
  }

  /** These limits with one of them set by its name; {@code null} lifts it. */
  public Limits with(String name, Integer value) {
    OptionalInt v = value == null ? OptionalInt.empty() : OptionalInt.of(value);
    return switch (name) {
      case SESSIONS -> new Limits(v, callsPerMinute, cpuSecondsPerHour);
      case CALLS_PER_MINUTE -> new Limits(sessions, v, cpuSecondsPerHour);
      case CPU_SECONDS_PER_HOUR -> new Limits(sessions, callsPerMinute, v);
      default -> throw new IllegalArgumentException("unknown limit '" + name + "' (known: " + SESSIONS + ", "
          + CALLS_PER_MINUTE + ", " + CPU_SECONDS_PER_HOUR + ")");
    };
  }

  @Override
  public String toString() {
    return SESSIONS + "=" + show(sessions) + " " + CALLS_PER_MINUTE + "=" + show(callsPerMinute) + " "
        + CPU_SECONDS_PER_HOUR + "=" + show(cpuSecondsPerHour);
  }

  static String show(OptionalInt value) {
    return value.isPresent() ? Integer.toString(value.getAsInt()) : "unlimited";
  }
}
