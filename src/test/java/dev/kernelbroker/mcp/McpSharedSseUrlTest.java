package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpHttpWireTest.ACCEPT_BOTH;
import static dev.kernelbroker.mcp.McpHttpWireTest.INITIALIZE;
import static dev.kernelbroker.mcp.McpHttpWireTest.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.RawHttp.Reply;
import dev.kernelbroker.mcp.server.McpSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /sse answers both transports: a bare GET opens the legacy stream, a POST of initialize starts a Streamable HTTP
 * session there, and the requests that name a session go to the transport that session belongs to.
 */
class McpSharedSseUrlTest {
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Reply postToSse(Map<String, String> extra, String body) throws Exception {
    Map<String, String> all = headers("Accept", ACCEPT_BOTH, "Content-Type", "application/json");
    all.putAll(extra);
    return RawHttp.send(server.port, "POST", "/sse", all, body);
  }

  @Test
  void aPostOfInitializeToSseStartsAStreamableHttpSessionThatLivesThere() throws Exception {
    Reply init = postToSse(Map.of(), INITIALIZE);
    assertEquals(200, init.status(), init.body());
    assertEquals("2025-06-18", init.json().at("/result/protocolVersion").asText());
    String session = init.header("Mcp-Session-Id");
    assertTrue(session.matches("[0-9a-f]{32}"), session);

    Map<String, String> named = headers("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
    assertEquals(202, postToSse(named, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").status());
    Reply tools = postToSse(named, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertEquals(200, tools.status(), tools.body());
    assertEquals("echo", tools.json().at("/result/tools/0/name").asText());
    assertEquals(200, RawHttp.send(server.port, "DELETE", "/sse", named, null).status());
    assertEquals(404, postToSse(named, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").status());
  }

  @Test
  void aPostWithoutSessionThatIsNotInitializeIsRefusedAsStreamableHttpDoes() throws Exception {
    Reply reply = postToSse(Map.of(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertEquals(400, reply.status(), reply.body());
    assertTrue(reply.body().contains("Mcp-Session-Id"), reply.body());
  }

  @Test
  void aGetNamingAStreamableSessionOpensItsStreamNotANewLegacySession() throws Exception {
    String session = postToSse(Map.of(), INITIALIZE).header("Mcp-Session-Id");
    int legacyBefore = server.http.sessionCount(McpSession.Transport.SSE);
    Reply stream = RawHttp.send(server.port, "GET", "/sse",
        headers("Accept", "text/event-stream", "Mcp-Session-Id", session), null);
    assertEquals(200, stream.status());
    assertTrue(stream.header("Content-Type").startsWith("text/event-stream"));
    assertFalse(stream.body().contains("event: endpoint"), stream.body());
    assertEquals(legacyBefore, server.http.sessionCount(McpSession.Transport.SSE));
    Reply unknown = RawHttp.send(server.port, "GET", "/sse",
        headers("Accept", "text/event-stream", "Mcp-Session-Id", "0123456789abcdef0123456789abcdef"), null);
    assertEquals(404, unknown.status());
  }

  @Test
  void aLegacyClientMayPostItsMessagesToSseWithItsSessionId() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      BufferedReader events = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String endpoint = dataOf(events, "endpoint");
      String sessionId = endpoint.substring(endpoint.indexOf("sessionId=") + "sessionId=".length());
      Reply accepted = RawHttp.send(server.port, "POST", "/sse?sessionId=" + sessionId,
          headers("Content-Type", "application/json"), INITIALIZE);
      assertEquals(202, accepted.status(), accepted.body());
      assertTrue(dataOf(events, "message").contains("\"protocolVersion\""));
    }
  }

  @Test
  void theOfficialStreamableHttpClientConnectsToTheSseUrl() throws Exception {
    try (NodeMcpClient client = NodeMcpClient.streamableHttp(server.url("/sse"), null)) {
      JsonNode tools = client.listTools().path("tools");
      assertEquals(List.of("echo", "slow", "fail", "image", "stats", "remember"), tools.findValuesAsText("name"));
      CallOutcome echo = client.callTool("echo", McpClientInteropTest.args("text", "hi"));
      assertTrue(echo.text().endsWith(":hi"), echo.toString());
      CallOutcome slow = client.callToolAsync("slow", McpClientInteropTest.args("seconds", 1), true, null)
          .get(30, TimeUnit.SECONDS);
      assertTrue(slow.ok(), slow.toString());
      assertFalse(slow.progress().isEmpty(), "progress arrives on the SSE answer of a POST to /sse");
      assertEquals(0, server.http.sessionCount(McpSession.Transport.SSE),
          "the client's GET stream on /sse joined its Streamable HTTP session, it did not open a legacy one");
    }
  }

  @Test
  void theOfficialLegacyClientStillConnectsToTheSseUrl() throws Exception {
    try (NodeMcpClient client = NodeMcpClient.sse(server.url("/sse"), null)) {
      CallOutcome echo = client.callTool("echo", McpClientInteropTest.args("text", "old"));
      assertTrue(echo.text().endsWith(":old"), echo.toString());
      assertEquals(1, server.http.sessionCount(McpSession.Transport.SSE));
    }
  }

  private static String dataOf(BufferedReader events, String eventName) throws Exception {
    boolean inEvent = false;
    for (String line = events.readLine(); line != null; line = events.readLine()) {
      if (line.equals("event: " + eventName)) {
        inEvent = true;
      } else if (inEvent && line.startsWith("data: ")) {
        return line.substring("data: ".length());
      }
    }
    throw new AssertionError("the stream ended before a " + eventName + " event");
  }
}
