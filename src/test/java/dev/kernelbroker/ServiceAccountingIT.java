package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.PrometheusText;
import dev.kernelbroker.testsupport.TestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Running it as a service, through the official TypeScript client against a real broker and sandboxes: per-call
 * usage measured in the sandbox, /metrics after known calls, and one token's limits leaving another's alone.
 */
@ExtendWith(DockerAvailable.class)
class ServiceAccountingIT {
  private static final String ALICE = "alice-0123456789abcdef";
  private static final String BOB = "bob-0123456789abcdef00";
  private static final String CAROL = "carol-0123456789abcdef";
  private static final int ALICE_CALLS_PER_MINUTE = 3;
  /** Burns one second of CPU (not wall time) in the kernel. */
  private static final String BURN_ONE_SECOND = "import time\nt0 = time.process_time()\n"
      + "while time.process_time() - t0 < 1.0:\n    pass\nprint('burnt')";
  /**
   * Clear of a 1 s limit: the meter ends at the code's end, while the kernel process still runs, and the cgroup has
   * not yet counted its current slice (up to a scheduler tick), so a 1.0 s burn can read a few ms under a second.
   */
  private static final String BURN_PAST_ONE_SECOND = BURN_ONE_SECOND.replace("< 1.0", "< 1.5");
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    Path tokens = Files.createTempFile("kb-tokens", ".txt");
    Files.writeString(tokens, "# test tokens\nalice " + ALICE + " calls_per_minute=" + ALICE_CALLS_PER_MINUTE
        + "\nbob " + BOB + "\ncarol " + CAROL + " cpu_seconds_per_hour=1\n");
    broker = new TestBroker(Map.of("BROKER_AUTH_TOKENS_FILE", tokens.toString()));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static ObjectNode code(String command) {
    return McpJson.object().put("command", command);
  }

  private static HttpResponse<String> get(String path, String token, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.url(path)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response = get("/metrics", BOB, null);
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    return response.body();
  }

  private static double executions(String text, String language, String outcome) {
    return PrometheusText.sum(text, "kernelbroker_executions_total", Map.of("language", language,
        "outcome", outcome));
  }

  @Test
  void aCellThatBurnsOneSecondOfCpuReportsAboutOneSecondAndTheMetricsCountTheCalls() throws Exception {
    String before = scrape();
    try (NodeMcpClient bob = NodeMcpClient.streamableHttp(broker.url("/mcp"), BOB).endingSessionOnClose()) {
      assertFalse(bob.callTool("execute_python_code", code("x = 1")).isError());
      CallOutcome burn = bob.callTool("execute_python_code", code(BURN_ONE_SECOND));
      assertFalse(burn.isError(), burn.text());
      JsonNode usage = burn.result().path("_meta").path("dev.kernelbroker/usage");
      // Docker Desktop or a remote engine: the host has no cgroup of the sandbox to read. CI has one, always.
      Assumptions.assumeTrue(System.getenv("CI") != null || !usage.has("unavailable"),
          "skipped: this Docker engine's cgroups are not on this host: " + usage);
      double cpu = usage.path("cpu_seconds").asDouble(-1);
      assertTrue(cpu >= 0.9 && cpu <= 1.5, "cpu_seconds of a 1 s CPU burn: " + usage);
      assertTrue(usage.path("wall_seconds").asDouble() >= 1.0, usage.toString());
      assertTrue(usage.path("peak_memory_bytes").asLong() > 1 << 20, usage.toString());
      // Resetting the peak takes write access to the cgroup: root here (CI runs as root), else the sandbox's peak.
      boolean root = "root".equals(System.getProperty("user.name"));
      assertEquals(root ? "call" : "sandbox", usage.path("peak_memory_scope").asText(), usage.toString());

      CallOutcome error = bob.callTool("execute_python_code", code("1/0"));
      assertTrue(error.isError());
      CallOutcome bashError = bob.callTool("execute_bash_code", code("echo out; exit 3"));
      assertTrue(bashError.isError());
      CallOutcome timeout = bob.callTool("execute_python_code",
          code("import time; time.sleep(30)").put("timeout_seconds", 1));
      assertTrue(timeout.text().contains("timeout"), timeout.text());

      JsonNode status = McpJson.MAPPER.readTree(bob.callTool("get_kernel_status", McpJson.object()).text());
      JsonNode totals = status.at("/session/usage");
      assertEquals(5, totals.path("calls").asLong(), totals.toString());
      assertEquals(5, totals.path("measured_calls").asLong(), totals.toString());
      assertTrue(totals.path("cpu_seconds").asDouble() >= 0.9, totals.toString());
      assertTrue(totals.path("wall_seconds").asDouble() >= 2.0, totals.toString());

      String after = scrape();
      assertEquals(2, executions(after, "python", "ok") - executions(before, "python", "ok"));
      assertEquals(1, executions(after, "python", "error") - executions(before, "python", "error"));
      assertEquals(1, executions(after, "bash", "error") - executions(before, "bash", "error"));
      assertEquals(1, executions(after, "python", "timeout") - executions(before, "python", "timeout"));
      double cpuCounted = PrometheusText.sum(after, "kernelbroker_cpu_seconds_total", Map.of("client", "bob"))
          - PrometheusText.sum(before, "kernelbroker_cpu_seconds_total", Map.of("client", "bob"));
      assertTrue(cpuCounted >= 0.9 && cpuCounted <= 3, "cpu seconds counted for bob: " + cpuCounted);
      assertEquals(5, PrometheusText.sum(after, "kernelbroker_execution_duration_seconds_count", Map.of())
          - PrometheusText.sum(before, "kernelbroker_execution_duration_seconds_count", Map.of()));
      assertEquals(5, PrometheusText.sum(after, "kernelbroker_call_overhead_seconds_count", Map.of())
          - PrometheusText.sum(before, "kernelbroker_call_overhead_seconds_count", Map.of()));
      assertTrue(PrometheusText.sum(after, "kernelbroker_output_bytes_sum", Map.of("language", "bash"))
          - PrometheusText.sum(before, "kernelbroker_output_bytes_sum", Map.of("language", "bash")) >= 4);
      assertTrue(PrometheusText.sum(after, "kernelbroker_sessions", Map.of("transport", "streamable_http")) >= 1);
      assertTrue(PrometheusText.sum(after, "kernelbroker_sandboxes", Map.of("state", "claimed")) >= 1);
      assertTrue(PrometheusText.sum(after, "kernelbroker_pool_claim_wait_seconds_count", Map.of()) >= 1);
      assertTrue(PrometheusText.sum(after, "kernelbroker_http_server_requests_seconds_count",
          Map.of("method", "POST", "route", "/mcp", "status", "200"))
          - PrometheusText.sum(before, "kernelbroker_http_server_requests_seconds_count",
          Map.of("method", "POST", "route", "/mcp", "status", "200")) >= 6);
    }
  }

  @Test
  void metricsTakeTheSameTokenAndOriginRules() throws Exception {
    assertEquals(401, get("/metrics", null, null).statusCode());
    assertEquals(401, get("/metrics", "wrong-token-0123456789", null).statusCode());
    assertEquals(403, get("/metrics", ALICE, "https://evil.example").statusCode());
    assertEquals(200, get("/metrics", ALICE, null).statusCode());
    assertTrue(PrometheusText.sum(scrape(), "kernelbroker_http_server_requests_seconds_count",
        Map.of("route", "/metrics", "status", "401")) >= 2);
  }

  @Test
  void aTokenOverItsCallsPerMinuteGetsRetryAdviceAndAnotherTokenIsUnaffected() throws Exception {
    try (NodeMcpClient alice = NodeMcpClient.streamableHttp(broker.url("/mcp"), ALICE).endingSessionOnClose();
        NodeMcpClient bob = NodeMcpClient.streamableHttp(broker.url("/mcp"), BOB).endingSessionOnClose()) {
      CallOutcome refused = null;
      // The limiter's minute may turn during the loop, letting up to twice the limit through; never more.
      for (int i = 0; i < 2 * ALICE_CALLS_PER_MINUTE + 1 && refused == null; i++) {
        CallOutcome outcome = alice.callTool("get_kernel_status", McpJson.object());
        if (outcome.isError()) {
          refused = outcome;
        }
      }
      assertTrue(refused != null, "alice was never refused");
      assertTrue(refused.text().contains("token 'alice' made 3 calls this minute, its limit (calls_per_minute=3)")
          && refused.text().contains("Nothing ran and this session's state is unchanged; retry after"),
          refused.text());
      long retry = refused.result().path("_meta").path("dev.kernelbroker/retry_after_seconds").asLong();
      assertTrue(retry >= 1 && retry <= 60, refused.result().toString());
      for (int i = 0; i < 2 * ALICE_CALLS_PER_MINUTE + 1; i++) {
        assertFalse(bob.callTool("get_kernel_status", McpJson.object()).isError(), "bob is not limited");
      }
      assertTrue(PrometheusText.sum(scrape(), "kernelbroker_quota_refusals_total",
          Map.of("client", "alice", "limit", "calls_per_minute")) >= 1);
      JsonNode quota = McpJson.MAPPER.readTree(bob.callTool("get_kernel_status", McpJson.object()).text())
          .path("quota");
      assertEquals("bob", quota.path("client").asText(), quota.toString());
      assertTrue(quota.path("limits").path("calls_per_minute").isNull(), quota.toString());
    }
  }

  @Test
  void aTokenOverItsCpuSecondsPerHourIsRefusedOnceItsCodeUsedThem() throws Exception {
    try (NodeMcpClient carol = NodeMcpClient.streamableHttp(broker.url("/mcp"), CAROL).endingSessionOnClose()) {
      CallOutcome defined = carol.callTool("define_tool", McpJson.object().put("source",
          "def double(x: int) -> int:\n    \"\"\"Twice x.\"\"\"\n    return 2 * x\n"));
      assertFalse(defined.isError(), defined.text());
      CallOutcome burn = carol.callTool("execute_python_code", code(BURN_PAST_ONE_SECOND));
      assertFalse(burn.isError(), "a call that starts under the limit runs to its end: " + burn.text());
      Assumptions.assumeTrue(System.getenv("CI") != null
          || !burn.result().path("_meta").path("dev.kernelbroker/usage").has("unavailable"),
          "skipped: no CPU accounting without the engine's cgroups on this host");
      CallOutcome refused = carol.callTool("execute_python_code", code("print('more')"));
      assertTrue(refused.isError(), refused.text());
      assertTrue(refused.text().contains("CPU seconds in the last hour, its limit (cpu_seconds_per_hour=1)"),
          refused.text());
      CallOutcome viaDefined = carol.callTool("double", McpJson.object().put("x", 2));
      assertTrue(viaDefined.isError() && viaDefined.text().contains("cpu_seconds_per_hour=1"),
          "a tool the session defined runs code too, so the same limit holds it: " + viaDefined.text());
      long retry = refused.result().path("_meta").path("dev.kernelbroker/retry_after_seconds").asLong();
      assertTrue(retry > 60 * 58 && retry <= 3600, "the burn leaves the hour's window in about an hour: " + retry);
      CallOutcome status = carol.callTool("get_kernel_status", McpJson.object());
      assertFalse(status.isError(), "a read-only tool runs no code, so the CPU limit lets it through");
      JsonNode quota = McpJson.MAPPER.readTree(status.text()).path("quota");
      assertEquals(1, quota.path("limits").path("cpu_seconds_per_hour").asInt(), quota.toString());
      assertTrue(quota.path("cpu_seconds_last_hour").asDouble() >= 0.9, quota.toString());
    }
  }
}
