package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A tool served over MCP. A failed Future becomes a result with isError (never a JSON-RPC error), so
 * implementations may simply fail with a clear message.
 */
public interface McpTool {
  ToolDefinition definition();

  Future<CallToolResult> call(ToolInvocation invocation);

  /** A tool whose call is {@code body}. */
  static McpTool of(ToolDefinition definition, Function<ToolInvocation, Future<CallToolResult>> body) {
    return new McpTool() {
      @Override
      public ToolDefinition definition() {
        return definition;
      }

      @Override
      public Future<CallToolResult> call(ToolInvocation invocation) {
        return body.apply(invocation);
      }
    };
  }
}
