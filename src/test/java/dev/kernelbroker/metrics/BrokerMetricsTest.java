package dev.kernelbroker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.access.Refusal;
import dev.kernelbroker.pool.PoolStatus;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.testsupport.PrometheusText;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposed names and labels, as the README lists them; the executions themselves are checked end to end. */
class BrokerMetricsTest {
  @Test
  void everyMeterIsExposedUnderItsPrometheusName() {
    BrokerMetrics metrics = new BrokerMetrics();
    metrics.watchJvm();
    metrics.watchPool(() -> new PoolStatus(PoolStatus.State.READY, 2, 6, 1, 1, 3, 0, 0, 5, null));
    metrics.watchSessions(Map.of("streamable_http", () -> 2, "sse", () -> 1, "stdio", () -> 0), () -> 3);
    metrics.claimWaited(Duration.ofMillis(40), true);
    metrics.callTook(Language.BASH, Duration.ofMillis(12), Duration.ofMillis(10));
    metrics.refused("alice", new Refusal("calls_per_minute", "over", Duration.ofSeconds(3)));
    metrics.requestEnded("POST", "/mcp", 429, 1_000_000);
    String text = metrics.scrape();

    assertEquals(0, PrometheusText.sum(text, "kernelbroker_executions_total",
        Map.of("language", "python", "outcome", "kernel_died")));
    assertTrue(text.contains("kernelbroker_executions_total{language=\"bash\",outcome=\"cancelled\"} 0.0"), text);
    assertEquals(5, PrometheusText.sum(text, "kernelbroker_sandboxes", Map.of("state", "live")));
    assertEquals(3, PrometheusText.sum(text, "kernelbroker_sandboxes", Map.of("state", "claimed")));
    assertEquals(6, PrometheusText.sum(text, "kernelbroker_sandboxes_max", Map.of()));
    assertEquals(2, PrometheusText.sum(text, "kernelbroker_sessions", Map.of("transport", "streamable_http")));
    assertEquals(3, PrometheusText.sum(text, "kernelbroker_kernel_sessions", Map.of()));
    assertEquals(1, PrometheusText.sum(text, "kernelbroker_pool_claim_wait_seconds_count",
        Map.of("outcome", "claimed")));
    assertEquals(0.002, PrometheusText.sum(text, "kernelbroker_call_overhead_seconds_sum",
        Map.of("language", "bash")), 1e-9);
    assertEquals(1, PrometheusText.sum(text, "kernelbroker_call_overhead_seconds_bucket",
        Map.of("language", "bash", "le", "0.0025")));
    assertEquals(1, PrometheusText.sum(text, "kernelbroker_quota_refusals_total",
        Map.of("client", "alice", "limit", "calls_per_minute")));
    assertEquals(1, PrometheusText.sum(text, "kernelbroker_http_server_requests_seconds_count",
        Map.of("method", "POST", "route", "/mcp", "status", "429")));
    assertTrue(text.contains("jvm_memory_used_bytes"), "the JVM binders are there");
  }
}
