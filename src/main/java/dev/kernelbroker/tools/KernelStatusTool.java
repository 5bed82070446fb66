package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.KernelStatus;
import dev.kernelbroker.session.SandboxStatus;
import dev.kernelbroker.session.SessionStatus;
import dev.kernelbroker.session.UsageTotals;
import io.vertx.core.Future;
import java.util.Optional;

/** {@code get_kernel_status}: the caller's own sandbox and kernels, and broker-wide counts, as JSON text. */
public final class KernelStatusTool implements McpTool {
  private final McpKernelSessions sessions;
  private final BrokerStatus broker;

  KernelStatusTool(McpKernelSessions sessions, BrokerStatus broker) {
    this.sessions = sessions;
    this.broker = broker;
  }

  @Override
  public ToolDefinition definition() {
    return new ToolDefinition("get_kernel_status", ToolDescriptions.status(), ToolDefinition.noArguments(),
        new ToolAnnotations("Kernel status", true, false, true, false));
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation) {
    if (!invocation.arguments().isEmpty()) {
      return Future.succeededFuture(CallToolResult.error("get_kernel_status takes no arguments"));
    }
    ObjectNode status = broker.snapshot();
    Optional<KernelSession> mine = sessions.registry().find(invocation.session().id());
    ObjectNode session = session(mine.map(KernelSession::status)
        .orElseGet(() -> SessionStatus.notStarted(invocation.session().id())));
    ObjectNode sandbox = broker.sandboxSettings();
    SandboxStatus own = mine.map(KernelSession::status).map(SessionStatus::sandbox).orElse(null);
    if (own == null) {
      sandbox.put("state", "not started (claimed on the first code call)");
    } else {
      sandbox.put("state", "running").put("name", own.name()).put("container_id", own.containerId())
          .put("generation", own.generation()).put("from_warm_pool", own.fromPool())
          .put("started_at", own.startedAt().toString());
    }
    session.set("sandbox", sandbox);
    session.set("usage", UsageJson.totals(mine.map(KernelSession::usage).orElse(UsageTotals.NONE)));
    status.set("session", session);
    status.set("quota", broker.quota(invocation.session().client()));
    return Future.succeededFuture(CallToolResult.text(status.toPrettyString()));
  }

  private static ObjectNode session(SessionStatus status) {
    ObjectNode node = McpJson.object().put("id", status.id());
    if (status.created() != null) {
      node.put("created", status.created().toString()).put("last_activity", status.lastActivity().toString());
    }
    ObjectNode kernels = node.putObject("kernels");
    for (KernelStatus k : status.kernels()) {
      ObjectNode kernel = kernels.putObject(k.language().kernelSpec()).put("state", k.state());
      if (k.executionCount() != null) {
        kernel.put("execution_count", k.executionCount());
      }
      if (k.lastActivity() != null) {
        kernel.put("last_activity", k.lastActivity().toString());
      }
    }
    return node;
  }

}
