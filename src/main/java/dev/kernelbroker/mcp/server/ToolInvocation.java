package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** Everything a tool gets for one call. */
public record ToolInvocation(
    McpSession session,
    ObjectNode arguments,
    ProgressReporter progress,
    CancellationSignal cancellation) {

  public ToolInvocation {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
  }
}
