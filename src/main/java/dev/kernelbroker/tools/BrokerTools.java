package dev.kernelbroker.tools;

import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.PackageSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.packages.PackageInstaller;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import io.vertx.core.Vertx;
import java.util.List;

/** The MCP tools the broker offers, joined to the kernel sessions. */
public final class BrokerTools {
  private BrokerTools() {}

  public static List<McpTool> create(Vertx vertx, KernelSessionRegistry registry, ExecutionSettings limits,
      SandboxSettings sandbox, BrokerStatus status, PackageSettings packages) {
    McpKernelSessions sessions = new McpKernelSessions(registry);
    PackageInstaller installer = new PackageInstaller(packages, sandbox);
    return List.of(
        new ExecuteCodeTool(vertx, Language.PYTHON, sessions, limits, sandbox, installer),
        new ExecuteCodeTool(vertx, Language.BASH, sessions, limits, sandbox, installer),
        new ExecuteCodeTool(vertx, Language.JAVASCRIPT, sessions, limits, sandbox, installer),
        new InstallPackagesTool(sessions, installer),
        new KernelStatusTool(sessions, status));
  }
}
