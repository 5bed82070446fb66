package dev.kernelbroker.mcp.protocol;

import java.util.Locale;

/** A tool's {@code execution.taskSupport} (2025-11-25): whether tools/call may run it as a task. */
public enum TaskSupport {
  FORBIDDEN, OPTIONAL, REQUIRED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
