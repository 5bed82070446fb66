package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.sandbox.SandboxManager;
import dev.kernelbroker.session.KernelSessionRegistry;
import io.vertx.core.json.JsonObject;

/** The broker-wide picture that {@code get_kernel_status} and {@code /health} show. */
public final class BrokerStatus {
  private final BrokerConfig config;
  private final SandboxManager sandbox;
  private final KernelSessionRegistry registry;

  public BrokerStatus(BrokerConfig config, SandboxManager sandbox, KernelSessionRegistry registry) {
    this.config = config;
    this.sandbox = sandbox;
    this.registry = registry;
  }

  ObjectNode snapshot() {
    SandboxManager.Status s = sandbox.status();
    SandboxSettings limits = config.sandbox();
    ObjectNode root = McpJson.object();
    ObjectNode box = root.putObject("sandbox").put("runtime", s.runtime()).put("image", s.description())
        .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT)).put("generation", s.generation());
    if (s.startedAt() != null) {
      box.put("started_at", s.startedAt().toString());
    }
    if (s.lastError() != null) {
      box.put("last_error", s.lastError());
    }
    box.putObject("limits").put("memory_bytes", limits.memoryBytes()).put("cpus", limits.cpus())
        .put("pids", limits.pids()).put("network", limits.network())
        .put("workspace_dir", limits.workspaceDir().toString());
    ExecutionSettings exec = config.execution();
    root.putObject("execution").put("default_timeout_seconds", exec.defaultTimeout().toSeconds())
        .put("max_timeout_seconds", exec.maxTimeout().toSeconds()).put("max_output_chars", exec.maxOutputChars())
        .put("max_image_bytes", exec.maxImageBytes());
    root.putObject("broker").put("kernel_sessions", registry.size()).put("live_kernels", registry.liveKernels());
    return root;
  }

  /** For {@code GET /health}: ok unless the sandbox failed to start. */
  public JsonObject health() {
    SandboxManager.Status s = sandbox.status();
    return new JsonObject()
        .put("status", s.state() == SandboxManager.State.FAILED ? "degraded" : "ok")
        .put("runtime", s.runtime())
        .put("sandbox", new JsonObject().put("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
            .put("image", s.description()).put("generation", s.generation()).put("last_error", s.lastError()))
        .put("kernel_sessions", registry.size())
        .put("live_kernels", registry.liveKernels());
  }
}
