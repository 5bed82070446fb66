package dev.kernelbroker.mcp.transport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Takes the process's real stdout for MCP over stdio. A class of its own, with no logger: claiming stdout comes
 * first in {@code main}, and loading a logger would start logging's set-up (~70 ms on a cold JVM) before anything
 * else, when a cold start wants its Docker client opening beside it (issue 9).
 */
public final class StdoutClaim {
  private StdoutClaim() {}

  /**
   * Hands over the real stdout for the transport and points System.out at stderr, so a stray print or a console
   * logger cannot corrupt the JSON-RPC stream. Call before anything logs.
   */
  public static OutputStream claim() {
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    return new FileOutputStream(FileDescriptor.out);
  }
}
