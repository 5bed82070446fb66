package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpHttpWireTest.ACCEPT_BOTH;
import static dev.kernelbroker.mcp.McpHttpWireTest.INITIALIZE;
import static dev.kernelbroker.mcp.McpHttpWireTest.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.RawHttp.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server with a bearer token: raw refusals, and the TS client getting in with the token. */
class McpAuthTest {
  private static final String TOKEN = "s3cret-token";
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer(Optional.of(TOKEN), 64 * 1024, Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Reply initialize(String authorization) throws Exception {
    Map<String, String> h = headers("Accept", ACCEPT_BOTH, "Content-Type", "application/json");
    if (authorization != null) {
      h.put("Authorization", authorization);
    }
    return RawHttp.send(server.port, "POST", "/mcp", h, INITIALIZE);
  }

  @Test
  void missingOrWrongTokenIs401WithChallenge() throws Exception {
    for (String auth : new String[] {null, "Bearer wrong", "Basic " + TOKEN, TOKEN}) {
      Reply reply = initialize(auth);
      assertEquals(401, reply.status(), String.valueOf(auth));
      assertEquals("Bearer", reply.header("WWW-Authenticate"));
      assertEquals(-32600, reply.json().at("/error/code").asInt());
    }
    assertEquals(401, RawHttp.send(server.port, "GET", "/sse", Map.of(), null).status());
    assertEquals(401, RawHttp.send(server.port, "GET", "/health", Map.of(), null).status());
    assertEquals(200, initialize("Bearer " + TOKEN).status());
    assertEquals(200, initialize("bearer " + TOKEN).status(), "the scheme is case-insensitive");
    assertEquals(200, initialize("BEARER  " + TOKEN + " ").status());
    assertEquals(401, initialize("Bearer " + TOKEN.toUpperCase()).status(), "the token is not");
  }

  @Test
  void theTypeScriptClientConnectsWithTheToken() throws Exception {
    try (NodeMcpClient sse = NodeMcpClient.sse(server.url("/sse"), TOKEN);
        NodeMcpClient http = NodeMcpClient.streamableHttp(server.url("/mcp"), TOKEN)) {
      assertTrue(sse.callTool("echo", McpClientInteropTest.args("text", "a")).ok());
      assertTrue(http.callTool("echo", McpClientInteropTest.args("text", "b")).ok());
    }
    assertThrows(Exception.class, () -> NodeMcpClient.streamableHttp(server.url("/mcp"), "wrong").close());
  }
}
