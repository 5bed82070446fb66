package dev.kernelbroker.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.RawHttp.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP rules of the MCP transports, checked on the raw wire (no token configured). */
class McpHttpWireTest {
  static final String ACCEPT_BOTH = "application/json, text/event-stream";
  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer(Optional.empty(), 4096, Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Map<String, String> headers(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Reply post(Map<String, String> extra, String body) throws Exception {
    Map<String, String> all = headers("Accept", ACCEPT_BOTH, "Content-Type", "application/json");
    all.putAll(extra);
    return RawHttp.send(server.port, "POST", "/mcp", all, body);
  }

  private static String initialize() throws Exception {
    Reply reply = post(Map.of(), INITIALIZE);
    assertEquals(200, reply.status(), reply.body());
    assertEquals("2025-06-18", reply.json().at("/result/protocolVersion").asText());
    String session = reply.header("Mcp-Session-Id");
    assertTrue(session.matches("[0-9a-f]{32}"), session);
    return session;
  }

  private static void assertRpcError(Reply reply, int status, int code) throws Exception {
    assertEquals(status, reply.status(), reply.body());
    JsonNode json = reply.json();
    assertEquals(code, json.at("/error/code").asInt(), reply.body());
    assertTrue(json.has("id"), reply.body());
  }

  @Test
  void malformedJsonIs400WithParseErrorAndNullId() throws Exception {
    Reply reply = post(Map.of(), "{not json");
    assertRpcError(reply, 400, -32700);
    assertTrue(reply.json().get("id").isNull());
  }

  @Test
  void unknownMethodIsMethodNotFound() throws Exception {
    String session = initialize();
    Reply reply = post(headers("Mcp-Session-Id", session),
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"kernels/explode\"}");
    assertRpcError(reply, 200, -32601);
    assertEquals(7, reply.json().get("id").asInt());
  }

  @Test
  void sessionHeaderIsRequiredAndMustBeKnown() throws Exception {
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    assertRpcError(post(Map.of(), ping), 400, -32600);
    assertRpcError(post(headers("Mcp-Session-Id", "0123456789abcdef0123456789abcdef"), ping), 404, -32600);
  }

  @Test
  void notificationsAreAcceptedAndPingAnswers() throws Exception {
    String session = initialize();
    Reply accepted = post(headers("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"),
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertEquals(202, accepted.status());
    Reply pong = post(headers("Mcp-Session-Id", session), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    assertEquals(200, pong.status());
    assertTrue(pong.json().get("result").isEmpty());
  }

  @Test
  void unsupportedProtocolVersionHeaderIs400() throws Exception {
    String session = initialize();
    Reply reply = post(headers("Mcp-Session-Id", session, "MCP-Protocol-Version", "1999-01-01"),
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    assertEquals(400, reply.status());
  }

  @Test
  void sseAnnouncesARelativeEndpointAndUnknownSessionsAre404() throws Exception {
    Reply stream = RawHttp.send(server.port, "GET", "/sse", Map.of(), null);
    assertEquals(200, stream.status());
    assertTrue(stream.header("Content-Type").startsWith("text/event-stream"));
    assertTrue(stream.body().contains("event: endpoint\ndata: /messages?sessionId="), stream.body());
    Reply unknown = RawHttp.send(server.port, "POST", "/messages?sessionId=nope",
        headers("Content-Type", "application/json"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
    assertEquals(404, unknown.status());
  }

  @Test
  void foreignOriginIs403AndLocalOriginsPass() throws Exception {
    assertRpcError(post(headers("Origin", "https://evil.example"), INITIALIZE), 403, -32600);
    assertEquals(200, post(headers("Origin", "http://localhost:5173"), INITIALIZE).status());
    assertEquals(200, post(headers("Origin", "https://app.example"), INITIALIZE).status());
  }

  @Test
  void dnsRebindingHostIs403LikeTheConformanceSuite() throws Exception {
    Reply evil = post(headers("Host", "evil.example.com", "Origin", "http://evil.example.com"), INITIALIZE);
    assertEquals(403, evil.status());
    String own = "127.0.0.1:" + server.port;
    assertEquals(200, post(headers("Host", own, "Origin", "http://" + own), INITIALIZE).status());
    assertEquals(403, post(headers("Host", "evil.example.com"), INITIALIZE).status());
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(8192) + "\"}}";
    assertRpcError(post(Map.of(), big), 413, -32600);
  }

  @Test
  void wrongAcceptIs406AndWrongContentTypeIs415() throws Exception {
    assertEquals(406, post(headers("Accept", "application/json"), INITIALIZE).status());
    assertEquals(415, post(headers("Content-Type", "text/plain"), INITIALIZE).status());
  }

  @Test
  void deleteEndsTheSessionAndLaterUseIs404() throws Exception {
    String session = initialize();
    assertEquals(200, RawHttp.send(server.port, "DELETE", "/mcp", headers("Mcp-Session-Id", session), null).status());
    Reply reuse = post(headers("Mcp-Session-Id", session), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertEquals(404, reuse.status());
  }

  @Test
  void secondGetStreamOnOneSessionIs409() throws Exception {
    String session = initialize();
    Map<String, String> get = headers("Accept", "text/event-stream", "Mcp-Session-Id", session);
    try (java.net.Socket first = new java.net.Socket("127.0.0.1", server.port)) {
      first.getOutputStream().write(("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Mcp-Session-Id: " + session + "\r\n\r\n").getBytes());
      first.setSoTimeout(3000);
      byte[] status = first.getInputStream().readNBytes(12);
      assertEquals("HTTP/1.1 200", new String(status));
      assertEquals(409, RawHttp.send(server.port, "GET", "/mcp", get, null).status());
    }
  }

  @Test
  void healthReportsTheCallersStatusAndSessionCounts() throws Exception {
    initialize();
    Reply health = RawHttp.send(server.port, "GET", "/health", Map.of(), null);
    assertEquals(200, health.status());
    assertEquals("UP", health.json().path("status").asText());
    assertTrue(health.json().at("/mcp/sessions").asInt() >= 1, health.body());
    assertTrue(health.json().at("/mcp/streamable_http").asInt() >= 1, health.body());
  }
}
