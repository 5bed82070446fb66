package dev.kernelbroker.tools;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.packages.PackageInstaller;
import dev.kernelbroker.mcp.server.ResourceProvider;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import io.vertx.core.Vertx;
import dev.kernelbroker.customtools.CustomToolTools;
import dev.kernelbroker.customtools.CustomTools;
import dev.kernelbroker.jobs.JobRegistry;
import dev.kernelbroker.jobs.JobTools;
import dev.kernelbroker.jobs.StreamingTool;
import dev.kernelbroker.mcp.server.SessionTools;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The MCP tools the broker offers, joined to the kernel sessions. */
public final class BrokerTools {
  /** Parsing a function's source is quick; the rest is for a kernel that must start first. */

  private BrokerTools() {}

  public static List<McpTool> create(Vertx vertx, KernelSessionRegistry registry, ExecutionSettings limits,
      SandboxSettings sandbox, BrokerStatus status, CellRunner runner, JobRegistry jobs, SessionTools sessionTools) {
    McpKernelSessions sessions = new McpKernelSessions(registry, runner.files().grants());
    SessionFiles files = runner.files();
    PackageInstaller installer = runner.installer();
    List<McpTool> tools = new ArrayList<>(List.of(
        new ExecuteCodeTool(vertx, Language.PYTHON, sessions, limits, sandbox, runner),
        new ExecuteCodeTool(vertx, Language.BASH, sessions, limits, sandbox, runner),
        new ExecuteCodeTool(vertx, Language.JAVASCRIPT, sessions, limits, sandbox, runner),
        new InstallPackagesTool(sessions, installer),
        new KernelStatusTool(sessions, status),
        new UploadFileTool(sessions, files),
        new DownloadFileTool(sessions, files),
        new ListFilesTool(sessions, files),
        new ExportNotebookTool(sessions, files)));
    // Jobs run through the execute tools, whichever languages there are.
    Map<Language, StreamingTool> runners = new EnumMap<>(Language.class);
    tools.stream().filter(StreamingTool.class::isInstance).map(StreamingTool.class::cast)
        .forEach(tool -> runners.put(tool.language(), tool));
    tools.addAll(JobTools.create(vertx, jobs, runners, limits.maxTimeout(), limits.maxOutputChars()));
    CustomTools custom = new CustomTools(CustomTools.PARSE_TIMEOUT, limits.defaultTimeout());
    tools.addAll(CustomToolTools.create(custom, sessionTools, sessions::forCaller));
    return List.copyOf(tools);
  }

  /** Each MCP session's workspace files as its resources. */
  public static ResourceProvider resources(KernelSessionRegistry registry, SessionFiles files) {
    return new WorkspaceResources(registry, files);
  }

  /** The tools behind their callers' quotas (calls per minute, CPU per hour). */
  public static List<McpTool> withQuotas(List<McpTool> tools, QuotaRegistry quotas) {
    return QuotaCheckedTool.wrap(tools, quotas);
  }
}
