package dev.kernelbroker.mcp.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** RFC 5424 severities as MCP names them, least severe first, so ordinal order is severity order. */
public enum LogLevel {
  DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isAtLeast(LogLevel threshold) {
    return compareTo(threshold) >= 0;
  }

  public static Optional<LogLevel> fromWire(String value) {
    return Arrays.stream(values()).filter(l -> l.wire().equals(value)).findFirst();
  }
}
