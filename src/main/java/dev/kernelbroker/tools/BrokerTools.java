package dev.kernelbroker.tools;

import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ResourceProvider;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import io.vertx.core.Vertx;
import java.util.List;

/** The MCP tools the broker offers, joined to the kernel sessions. */
public final class BrokerTools {
  private BrokerTools() {}

  public static List<McpTool> create(Vertx vertx, KernelSessionRegistry registry, ExecutionSettings limits,
      SandboxSettings sandbox, BrokerStatus status, CellRunner runner) {
    McpKernelSessions sessions = new McpKernelSessions(registry, runner.files().grants());
    SessionFiles files = runner.files();
    return List.of(
        new ExecuteCodeTool(vertx, Language.PYTHON, sessions, limits, sandbox, runner),
        new ExecuteCodeTool(vertx, Language.BASH, sessions, limits, sandbox, runner),
        new KernelStatusTool(sessions, status),
        new UploadFileTool(sessions, files),
        new DownloadFileTool(sessions, files),
        new ListFilesTool(sessions, files),
        new ExportNotebookTool(sessions, files));
  }

  /** Each MCP session's workspace files as its resources. */
  public static ResourceProvider resources(KernelSessionRegistry registry, SessionFiles files) {
    return new WorkspaceResources(registry, files);
  }
}
