package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.config.FileSettings;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;

/** What the file tools share: the caller's workspace, argument checks, and refusals as isError results. */
abstract class WorkspaceFileTool implements McpTool {
  static final String PATH = "path";

  final McpKernelSessions sessions;
  final SessionFiles files;
  final FileSettings limits;

  WorkspaceFileTool(McpKernelSessions sessions, SessionFiles files) {
    this.sessions = sessions;
    this.files = files;
    this.limits = files.grants().settings();
  }

  @Override
  public final Future<CallToolResult> call(ToolInvocation invocation) {
    Future<CallToolResult> result;
    try {
      result = run(invocation, invocation.arguments());
    } catch (ArgumentCheck.Invalid e) {
      return Future.succeededFuture(CallToolResult.error("Invalid arguments: " + e.getMessage() + ". Nothing was"
          + " done."));
    } catch (WorkspaceFileException e) {
      return Future.succeededFuture(CallToolResult.error(e.getMessage()));
    }
    String name = definition().name();
    return result.otherwise(e -> CallToolResult.error(e instanceof WorkspaceFileException
        ? e.getMessage() : name + " failed: " + e.getMessage()));
  }

  abstract Future<CallToolResult> run(ToolInvocation invocation, ObjectNode args);

  Future<WorkspaceFiles> workspace(ToolInvocation invocation) {
    return files.of(sessions.forCaller(invocation.session()));
  }

  static ObjectNode schema() {
    return McpJson.object().put("type", "object").put("additionalProperties", false);
  }

  static ObjectNode pathProperty(ObjectNode props, String description) {
    return props.putObject(PATH).put("type", "string").put("description", description);
  }
}
