package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpHttpWireTest.ACCEPT_BOTH;
import static dev.kernelbroker.mcp.McpHttpWireTest.INITIALIZE;
import static dev.kernelbroker.mcp.McpHttpWireTest.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.access.AccessSettings;
import dev.kernelbroker.access.AccessToken;
import dev.kernelbroker.access.Limits;
import dev.kernelbroker.mcp.RawHttp.Reply;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several named tokens: a session belongs to its token, and a token's session limit is its own. */
class McpTokensHttpTest {
  private static final String ALICE = "alice-secret-0001";
  private static final String BOB = "bob-secret-000002";
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer(new AccessSettings(List.of(
        new AccessToken("alice", ALICE, new Limits(OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty())),
        new AccessToken("bob", BOB, Limits.NONE)), Limits.NONE));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static Reply send(String method, String token, String session, String body) throws Exception {
    Map<String, String> h = headers("Accept", ACCEPT_BOTH, "Content-Type", "application/json",
        "Authorization", "Bearer " + token);
    if (session != null) {
      h.put("Mcp-Session-Id", session);
    }
    return RawHttp.send(server.port, method, "/mcp", h, body);
  }

  private static String open(String token) throws Exception {
    Reply reply = send("POST", token, null, INITIALIZE);
    assertEquals(200, reply.status(), reply.body());
    return reply.header("Mcp-Session-Id");
  }

  @Test
  void aSessionServesOnlyTheTokenThatOpenedIt() throws Exception {
    String alices = open(ALICE);
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    assertEquals(200, send("POST", ALICE, alices, ping).status());
    Reply stolen = send("POST", BOB, alices, ping);
    assertEquals(404, stolen.status(), "another token's session looks like no session at all");
    assertTrue(stolen.body().contains("does not exist or has ended"), stolen.body());
    assertEquals(404, send("DELETE", BOB, alices, null).status(), "nor can it end it");
    assertEquals(200, send("POST", ALICE, alices, ping).status(), "the session is untouched");
    assertEquals(200, send("DELETE", ALICE, alices, null).status());
  }

  @Test
  void aLegacySessionServesOnlyItsTokenToo() throws Exception {
    try (RawConnection sse = new RawConnection(server.port)) {
      sse.send(RawConnection.head("GET", "/sse", "Authorization: Bearer " + ALICE));
      String endpoint = sse.readUntil("sessionId=", java.time.Duration.ofSeconds(5))
          + sse.readUntil("\n", java.time.Duration.ofSeconds(5));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("sessionId=([0-9a-f]{32})").matcher(endpoint);
      assertTrue(m.find(), endpoint);
      String path = "/messages?sessionId=" + m.group(1);
      String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      Map<String, String> json = headers("Content-Type", "application/json");
      json.put("Authorization", "Bearer " + BOB);
      assertEquals(404, RawHttp.send(server.port, "POST", path, json, ping).status());
      json.put("Authorization", "Bearer " + ALICE);
      assertEquals(202, RawHttp.send(server.port, "POST", path, json, ping).status());
    }
  }

  @Test
  void aTokenOverItsSessionLimitGets429WithRetryAfterAndOthersAreUnaffected() throws Exception {
    String first = open(ALICE);
    String second = open(ALICE);
    Reply third = send("POST", ALICE, null, INITIALIZE);
    assertEquals(429, third.status(), third.body());
    assertTrue(Long.parseLong(third.header("Retry-After")) >= 1, third.header("Retry-After"));
    assertTrue(third.body().contains("token 'alice' already has 2 sessions open, its limit (sessions=2)"),
        third.body());
    assertEquals(429, RawHttp.send(server.port, "GET", "/sse", headers("Authorization", "Bearer " + ALICE), null)
        .status(), "the legacy transport counts the same sessions");
    String bobs = open(BOB);
    assertEquals(200, send("DELETE", BOB, bobs, null).status());
    assertEquals(200, send("DELETE", ALICE, first, null).status());
    String again = open(ALICE); // ending a session gives its slot back
    assertEquals(200, send("DELETE", ALICE, again, null).status());
    assertEquals(200, send("DELETE", ALICE, second, null).status());
  }
}
