package dev.kernelbroker.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The official TypeScript client against both HTTP transports. */
class McpClientInteropTest {
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static NodeMcpClient connect(String transport) throws Exception {
    return transport.equals("sse")
        ? NodeMcpClient.sse(server.url("/sse"), null)
        : NodeMcpClient.streamableHttp(server.url("/mcp"), null);
  }

  static ObjectNode args(String key, Object value) {
    return McpJson.MAPPER.valueToTree(java.util.Map.of(key, value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void initializesAndListsToolsWithSchemas(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      JsonNode info = client.connectedInfo();
      assertEquals("kernel-broker-test", info.path("serverInfo").path("name").asText());
      assertTrue(info.path("capabilities").has("tools"));
      assertTrue(info.path("capabilities").has("logging"));
      assertEquals("Test tools only.", info.path("instructions").asText());

      List<String> names = new ArrayList<>();
      JsonNode tools = client.listTools().path("tools");
      tools.forEach(t -> names.add(t.path("name").asText()));
      assertEquals(List.of("echo", "slow", "fail", "image", "stats", "remember"), names);
      assertEquals("string", tools.get(0).at("/inputSchema/properties/text/type").asText());
      assertTrue(tools.get(0).at("/annotations/readOnlyHint").asBoolean());
      assertFalse(tools.get(0).path("description").asText().isBlank());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void callsToolsAndReportsToolFailuresAsResults(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      CallOutcome echo = client.callTool("echo", args("text", "hello"));
      assertTrue(echo.ok(), echo.toString());
      assertTrue(echo.text().endsWith(":hello"), echo.text());

      CallOutcome image = client.callTool("image", McpJson.object());
      assertEquals("image/png", image.result().at("/content/1/mimeType").asText());

      CallOutcome failed = client.callTool("fail", McpJson.object());
      assertTrue(failed.ok(), "a tool failure is a result, not a protocol error");
      assertTrue(failed.isError());
      assertEquals("kernel exploded", failed.text());

      CallOutcome unknown = client.callTool("nope", McpJson.object());
      assertFalse(unknown.ok());
      assertEquals(-32602, unknown.error().path("code").asInt(), unknown.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void progressArrivesDuringASlowCall(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      CallOutcome outcome = client.callToolAsync("slow", args("seconds", 1.5), true, null)
          .get(20, TimeUnit.SECONDS);
      assertTrue(outcome.ok(), outcome.toString());
      assertTrue(outcome.text().startsWith("done after"), outcome.text());
      assertTrue(outcome.progress().size() >= 4, "progress: " + outcome.progress());
      double previous = 0;
      for (JsonNode p : outcome.progress()) {
        assertTrue(p.path("progress").asDouble() > previous, "progress must increase: " + outcome.progress());
        previous = p.path("progress").asDouble();
      }
      assertTrue(outcome.progress().get(0).path("message").asText().startsWith("step 1"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void cancellationReachesTheTool(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      int before = server.tools.cancellations.get();
      CallOutcome outcome = client.callToolAsync("slow", args("seconds", 20), true, 700L)
          .get(20, TimeUnit.SECONDS);
      assertFalse(outcome.ok(), outcome.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (server.tools.cancellations.get() == before && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(before + 1, server.tools.cancellations.get());
      // The session stays usable after a cancelled call.
      assertTrue(client.callTool("echo", args("text", "still here")).ok());
    }
  }

  @Test
  void twoSessionsAreDistinct() throws Exception {
    try (NodeMcpClient sse = connect("sse"); NodeMcpClient http = connect("http");
        NodeMcpClient http2 = connect("http")) {
      String a = sessionOf(sse.callTool("echo", args("text", "x")));
      String b = sessionOf(http.callTool("echo", args("text", "x")));
      String c = sessionOf(http2.callTool("echo", args("text", "x")));
      assertNotEquals(a, b);
      assertNotEquals(b, c);
      assertEquals(c, http2.connectedInfo().path("sessionId").asText());
      assertTrue(server.http.sessions().size() >= 3);
    }
  }

  private static String sessionOf(CallOutcome echo) {
    return echo.text().substring(0, echo.text().indexOf(':'));
  }
}
