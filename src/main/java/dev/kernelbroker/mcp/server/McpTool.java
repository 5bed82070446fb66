package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import io.vertx.core.Future;

/**
 * A tool served over MCP. A failed Future becomes a result with isError (never a JSON-RPC error), so
 * implementations may simply fail with a clear message.
 */
public interface McpTool {
  ToolDefinition definition();

  Future<CallToolResult> call(ToolInvocation invocation);
}
