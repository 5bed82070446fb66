package dev.kernelbroker.tools;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import io.vertx.core.Vertx;
import java.util.List;

/** The MCP tools the broker offers, joined to the kernel sessions. */
public final class BrokerTools {
  private BrokerTools() {}

  public static List<McpTool> create(Vertx vertx, KernelSessionRegistry registry, ExecutionSettings limits,
      SandboxSettings sandbox, BrokerStatus status) {
    McpKernelSessions sessions = new McpKernelSessions(registry);
    return List.of(
        new ExecuteCodeTool(vertx, Language.PYTHON, sessions, limits, sandbox),
        new ExecuteCodeTool(vertx, Language.BASH, sessions, limits, sandbox),
        new KernelStatusTool(sessions, status));
  }

  /** The tools behind their callers' quotas (calls per minute, CPU per hour). */
  public static List<McpTool> withQuotas(List<McpTool> tools, QuotaRegistry quotas) {
    return QuotaCheckedTool.wrap(tools, quotas);
  }
}
