package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.access.ClientQuota;
import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.pool.PoolStatus;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.session.KernelSessionRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The broker-wide picture that {@code get_kernel_status} and {@code /health} show. */
public final class BrokerStatus {
  private final BrokerConfig config;
  private final SandboxPool pool;
  private final KernelSessionRegistry registry;
  private final QuotaRegistry quotas;

  public BrokerStatus(BrokerConfig config, SandboxPool pool, KernelSessionRegistry registry) {
    this(config, pool, registry, new QuotaRegistry(config.server().access()));
  }

  /** @param quotas whose state of the caller's token {@code get_kernel_status} shows */
  public BrokerStatus(BrokerConfig config, SandboxPool pool, KernelSessionRegistry registry, QuotaRegistry quotas) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
    this.quotas = quotas;
  }

  /** The caller's token: its name, its limits (null: none) and what it used of them. */
  ObjectNode quota(String client) {
    ClientQuota quota = quotas.client(client);
    ObjectNode node = McpJson.object().put("client", quota.name());
    ObjectNode limits = node.putObject("limits");
    limit(limits, "sessions", quota.limits().sessions());
    limit(limits, "calls_per_minute", quota.limits().callsPerMinute());
    limit(limits, "cpu_seconds_per_hour", quota.limits().cpuSecondsPerHour());
    node.put("cpu_seconds_last_hour", Math.round(quota.cpuSecondsLastHour() * 1000) / 1000.0);
    if (quota.sessionsOpen() >= 0) {
      node.put("sessions_open", quota.sessionsOpen());
    }
    return node;
  }

  private static void limit(ObjectNode limits, String name, java.util.OptionalInt value) {
    if (value.isPresent()) {
      limits.put(name, value.getAsInt());
    } else {
      limits.putNull(name);
    }
  }

  /** What every session's sandbox is like: runtime, image, limits, network, workspace. */
  ObjectNode sandboxSettings() {
    SandboxSettings s = config.sandbox();
    ObjectNode node = McpJson.object().put("runtime", s.runtime().wireName()).put("image", pool.runtime().description())
        .put("network", s.network().wireName()).put("workspace_mode", s.workspaceMode().wireName());
    s.ociRuntime().ifPresent(r -> node.put("oci_runtime", r));
    node.putObject("limits").put("memory_bytes", s.memoryBytes()).put("cpus", s.cpus()).put("pids", s.pids());
    return node;
  }

  ObjectNode snapshot() {
    ObjectNode root = McpJson.object();
    ExecutionSettings exec = config.execution();
    root.putObject("execution").put("default_timeout_seconds", exec.defaultTimeout().toSeconds())
        .put("max_timeout_seconds", exec.maxTimeout().toSeconds()).put("max_output_chars", exec.maxOutputChars())
        .put("max_image_bytes", exec.maxImageBytes());
    PoolStatus p = pool.status();
    root.putObject("broker").put("kernel_sessions", registry.size()).put("live_kernels", registry.liveKernels())
        .put("sandboxes_live", p.live()).put("sandboxes_max", p.max()).put("sandboxes_warm", p.warm());
    return root;
  }

  /** For {@code GET /health}: ok unless the runtime could not be prepared or the last sandbox start failed. */
  public JsonObject health() {
    PoolStatus p = pool.status();
    return new JsonObject()
        .put("status", p.state() == PoolStatus.State.DEGRADED ? "degraded" : "ok")
        .put("runtime", config.sandbox().runtime().wireName())
        .put("sandboxes", new JsonObject().put("state", p.state().name().toLowerCase(Locale.ROOT))
            .put("image", pool.runtime().description()).put("network", config.sandbox().network().wireName())
            .put("warm", p.warm()).put("starting", p.starting()).put("claimed", p.claimed())
            .put("stopped", p.stopped()).put("live", p.live())
            .put("max", p.max()).put("pool_size", p.size()).put("waiting", p.waiting()).put("started", p.started())
            .put("last_error", p.lastError()))
        .put("kernel_sessions", registry.size())
        .put("live_kernels", registry.liveKernels());
  }
}
