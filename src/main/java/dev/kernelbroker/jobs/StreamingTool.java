package dev.kernelbroker.jobs;

import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;

/** A tool that runs code in one language and can show a job its output as it arrives (the execute tools). */
public interface StreamingTool extends McpTool {
  Language language();

  Future<CallToolResult> call(ToolInvocation invocation, JobObserver observer);

  @Override
  default Future<CallToolResult> call(ToolInvocation invocation) {
    return call(invocation, JobObserver.NONE);
  }
}
