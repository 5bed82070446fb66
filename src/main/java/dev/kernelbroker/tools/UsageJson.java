package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.sandbox.ResourceUsage;
import dev.kernelbroker.session.CallUsage;
import dev.kernelbroker.session.UsageTotals;

/** Usage on the wire: a call's in its result's {@code _meta}, a session's totals in get_kernel_status. */
public final class UsageJson {
  /** The {@code _meta} key of a call's usage. */
  public static final String META_KEY = "dev.kernelbroker/usage";
  static final String UNAVAILABLE = "CPU and memory are unavailable: this sandbox's cgroup counters cannot be read"
      + " from the broker's host (a remote Docker engine, Docker Desktop, or a runtime without them)";

  private UsageJson() {}

  public static ObjectNode call(CallUsage usage) {
    ObjectNode node = McpJson.object().put("wall_seconds", seconds(usage.wall().toNanos() / 1e9));
    if (usage.sandbox().isPresent()) {
      ResourceUsage s = usage.sandbox().get();
      node.put("cpu_seconds", seconds(s.cpuSeconds())).put("peak_memory_bytes", s.peakMemoryBytes())
          .put("peak_memory_scope", s.peakPerCall() ? "call" : "sandbox");
    } else {
      node.putNull("cpu_seconds").putNull("peak_memory_bytes").put("unavailable", UNAVAILABLE);
    }
    return node;
  }

  static ObjectNode totals(UsageTotals totals) {
    ObjectNode node = McpJson.object().put("calls", totals.calls())
        .put("wall_seconds", seconds(totals.wallSeconds())).put("measured_calls", totals.measuredCalls());
    if (totals.measuredCalls() > 0) {
      node.put("cpu_seconds", seconds(totals.cpuSeconds())).put("max_peak_memory_bytes", totals.peakMemoryBytes());
    } else {
      node.putNull("cpu_seconds").putNull("max_peak_memory_bytes");
    }
    return node;
  }

  /** Milliseconds are plenty; more digits would only be noise. */
  private static double seconds(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
