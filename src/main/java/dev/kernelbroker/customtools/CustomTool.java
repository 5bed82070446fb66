package dev.kernelbroker.customtools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/**
 * A tool one session defined: calling it runs the function in that session's Python kernel. The value comes back as
 * JSON text and as structuredContent {"result": value}. No outputSchema is declared: the broker cannot promise what
 * a user's function returns, and a declared schema binds every result.
 */
final class CustomTool implements McpTool {
  private final CustomToolSpec spec;
  private final CustomTools tools;
  private final Function<McpSession, KernelSession> sessions;
  private final ToolDefinition definition;

  CustomTool(CustomToolSpec spec, CustomTools tools, Function<McpSession, KernelSession> sessions) {
    this.spec = spec;
    this.tools = tools;
    this.sessions = sessions;
    this.definition = new ToolDefinition(spec.name(), spec.description() + "\n\n(Defined in this conversation with"
        + " define_tool; runs in its Python kernel.)", spec.inputSchema(),
        new ToolAnnotations(spec.name(), false, true, false, true));
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation) {
    return tools.execute(sessions.apply(invocation.session()), spec, invocation.arguments(),
        invocation.cancellation()::onCancel).map(this::result);
  }

  private CallToolResult result(CustomToolOutcome outcome) {
    String printed = outcome.printed().isEmpty() ? "" : "\n[printed]\n" + outcome.printed();
    if (!outcome.ok()) {
      String details = outcome.details().isEmpty() ? "" : "\n" + outcome.details();
      return CallToolResult.error("Tool " + spec.name() + " failed: " + outcome.error() + details + printed);
    }
    ObjectNode structured = McpJson.object();
    structured.set("result", outcome.value());
    return new CallToolResult(List.of(new TextContent(outcome.value().toString() + printed)), false, structured);
  }
}
