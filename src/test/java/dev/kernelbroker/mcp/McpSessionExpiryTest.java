package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpHttpWireTest.ACCEPT_BOTH;
import static dev.kernelbroker.mcp.McpHttpWireTest.INITIALIZE;
import static dev.kernelbroker.mcp.McpHttpWireTest.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.RawHttp.Reply;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions that never held state (no code ran) go after the short unused timeout; those that did keep the idle
 * timeout; a session with an open stream is never idle. Over the real HTTP transport, with short timeouts.
 */
class McpSessionExpiryTest {
  private static final Duration IDLE = Duration.ofSeconds(3);
  private static final Duration UNUSED = Duration.ofMillis(400);
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer(IDLE, UNUSED);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Reply post(String session, String body) throws Exception {
    Map<String, String> all = headers("Accept", ACCEPT_BOTH, "Content-Type", "application/json");
    if (session != null) {
      all.put("Mcp-Session-Id", session);
    }
    return RawHttp.send(server.port, "POST", "/mcp", all, body);
  }

  private static String initialize() throws Exception {
    Reply reply = post(null, INITIALIZE);
    assertEquals(200, reply.status(), reply.body());
    String session = reply.header("Mcp-Session-Id");
    assertEquals(202, post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").status());
    return session;
  }

  /** Looks the session up without touching it, so looking does not restart its idle clock. */
  private static boolean open(String session) {
    return server.http.sessions().find(session).isPresent();
  }

  private static long millisUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long started = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - started > limit.toNanos()) {
        throw new AssertionError("not within " + limit.toMillis() + " ms");
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void aSessionThatOnlyListedToolsGoesAfterTheUnusedTimeout() throws Exception {
    String session = initialize();
    assertEquals(200, post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").status());
    long gone = millisUntil(() -> !open(session), IDLE);
    assertTrue(gone >= UNUSED.toMillis() - 50, "closed after " + gone + " ms, before the unused timeout");
    assertEquals(404, post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").status(),
        "a client coming back after the unused timeout is told to start a new session");
  }

  @Test
  void aSessionThatHoldsStateKeepsTheIdleTimeout() throws Exception {
    String session = initialize();
    Reply remembered = post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"remember\",\"arguments\":{}}}");
    assertEquals("remembered", remembered.json().at("/result/content/0/text").asText(), remembered.body());
    Thread.sleep(UNUSED.toMillis() * 3);
    assertTrue(open(session), "a session holding state outlives the unused timeout");
    long gone = millisUntil(() -> !open(session), IDLE.multipliedBy(2));
    assertTrue(gone >= IDLE.toMillis() - UNUSED.toMillis() * 3 - 100, "closed " + gone + " ms later");
  }

  @Test
  void anUnusedSessionWithAnOpenStreamStaysUntilTheClientLeavesWithoutDelete() throws Exception {
    String session;
    try (NodeMcpClient client = NodeMcpClient.streamableHttp(server.url("/mcp"), null)) {
      session = client.connectedInfo().path("sessionId").asText();
      client.listTools();
      Thread.sleep(UNUSED.toMillis() * 3);
      assertTrue(open(session), "the client's GET stream keeps its session, unused or not");
      ObjectNode text = McpJson.object().put("text", "still here");
      assertTrue(client.callTool("echo", text).text().endsWith(":still here"));
    }
    // The SDK's close() drops the GET stream and sends no DELETE, as `claude mcp list` and `gemini mcp list` do.
    millisUntil(() -> !open(session), IDLE);
  }
}
