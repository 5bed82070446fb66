package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpHttpWireTest.INITIALIZE;
import static dev.kernelbroker.mcp.McpHttpWireTest.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.RawHttp.Reply;
import dev.kernelbroker.mcp.transport.HttpDeadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow clients lose their connection, slow answers do not: the deadlines on the raw wire, scaled down
 * to seconds. Each deadline differs from the others, so a close at the wrong one shows.
 */
class McpHttpDeadlinesTest {
  private static final Duration HEAD = Duration.ofSeconds(1);
  private static final Duration BODY = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofSeconds(3);
  /** Longer than any deadline: what must survive is kept waiting this long. */
  private static final Duration PAST_ALL = IDLE.plusSeconds(1);
  /** How late a close may come on a busy machine. */
  private static final Duration SLACK = Duration.ofMillis(1500);
  private static final Duration EARLY = Duration.ofMillis(100);
  private static TestHttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer(Optional.empty(), 64 * 1024, Duration.ofMinutes(5),
        new HttpDeadlines(HEAD, BODY, IDLE));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static void assertClosedAt(Duration deadline, Duration actual) {
    assertTrue(actual.compareTo(deadline.minus(EARLY)) >= 0, "closed after " + actual + ", before " + deadline);
    assertTrue(actual.compareTo(deadline.plus(SLACK)) <= 0, "closed after " + actual + ", long after " + deadline);
  }

  private static String initialize() throws Exception {
    Reply reply = RawHttp.send(server.port, "POST", "/mcp",
        headers("Accept", McpHttpWireTest.ACCEPT_BOTH, "Content-Type", "application/json"), INITIALIZE);
    assertEquals(200, reply.status(), reply.body());
    return reply.header("Mcp-Session-Id");
  }

  private static String slowCall(int id, Duration length, boolean withProgress) {
    String meta = withProgress ? ",\"_meta\":{\"progressToken\":\"p" + id + "\"}" : "";
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
        + "\"arguments\":{\"seconds\":" + length.toMillis() / 1000.0 + "}" + meta + "}}";
  }

  @Test
  void socketsThatSendHalfTheirHeadersAreClosedAtTheHeadDeadline() throws Exception {
    List<RawConnection> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) { // as many as in the report that led to the deadlines
        sockets.add(new RawConnection(server.port).send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"));
      }
      for (RawConnection socket : sockets) {
        assertClosedAt(HEAD, socket.awaitClosed(socket.openedAt(), HEAD.plus(SLACK).plus(SLACK)));
      }
    } finally {
      for (RawConnection socket : sockets) {
        socket.close();
      }
    }
    assertEquals(200, RawHttp.send(server.port, "GET", "/health", Map.of(), null).status());
  }

  @Test
  void aSocketThatSendsNothingIsClosedAtTheHeadDeadline() throws Exception {
    try (RawConnection silent = new RawConnection(server.port)) {
      assertClosedAt(HEAD, silent.awaitClosed(silent.openedAt(), HEAD.plus(SLACK).plus(SLACK)));
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthGets408AndIsClosedAtTheBodyDeadline() throws Exception {
    try (RawConnection partial = new RawConnection(server.port)) {
      partial.send(RawConnection.head("POST", "/mcp", "Accept: " + McpHttpWireTest.ACCEPT_BOTH,
          "Content-Type: application/json", "Content-Length: 500"));
      long headSent = System.nanoTime();
      partial.send("{\"jsonrpc\":\"2.0\",");
      Reply reply = partial.readResponse(BODY.plus(SLACK));
      assertEquals(408, reply.status(), reply.body());
      assertEquals(-32600, reply.json().at("/error/code").asInt(), reply.body());
      assertClosedAt(BODY, partial.awaitClosed(headSent, SLACK));
    }
  }

  @Test
  void aKeptAliveConnectionServesRequestsPastTheHeadDeadlineAndClosesWhenIdle() throws Exception {
    try (RawConnection kept = new RawConnection(server.port)) {
      String health = RawConnection.head("GET", "/health");
      assertEquals(200, kept.send(health).readResponse(SLACK).status());
      Thread.sleep(HEAD.plusMillis(500).toMillis()); // between requests, the head deadline does not apply
      assertEquals(200, kept.send(health).readResponse(SLACK).status());
      long answered = System.nanoTime();
      assertClosedAt(IDLE, kept.awaitClosed(answered, IDLE.plus(SLACK).plus(SLACK)));
    }
  }

  @Test
  void aSlowCallAnsweredAsPlainJsonGetsItsAnswerAfterEveryDeadline() throws Exception {
    String session = initialize();
    try (RawConnection call = new RawConnection(server.port)) {
      call.send(RawConnection.post("/mcp", slowCall(2, PAST_ALL, false), "Mcp-Session-Id: " + session));
      long sent = System.nanoTime();
      Reply reply = call.readResponse(PAST_ALL.plus(Duration.ofSeconds(10)));
      assertEquals(200, reply.status(), reply.body());
      assertEquals("application/json", reply.header("Content-Type"));
      assertTrue(reply.json().at("/result/content/0/text").asText().startsWith("done after"), reply.body());
      assertTrue(Duration.ofNanos(System.nanoTime() - sent).compareTo(IDLE) > 0);
      // The connection is kept alive and answers again.
      assertEquals(200, call.send(RawConnection.head("GET", "/health")).readResponse(SLACK).status());
    }
  }

  @Test
  void aPipelinedSlowCallGetsItsAnswerTooWhenTheOneBeforeItEnds() throws Exception {
    String session = initialize();
    try (RawConnection call = new RawConnection(server.port)) {
      // Sent together: the second waits in Vert.x until the first is answered, then must have all the
      // time it needs, although the first exchange's end is reported after the second began.
      call.send(RawConnection.post("/mcp", slowCall(4, Duration.ofMillis(1500), false), "Mcp-Session-Id: " + session)
          + RawConnection.post("/mcp", slowCall(5, PAST_ALL, false), "Mcp-Session-Id: " + session));
      Reply first = call.readResponse(Duration.ofSeconds(10));
      assertEquals(4, first.json().path("id").asInt(), first.body());
      Reply second = call.readResponse(PAST_ALL.plus(Duration.ofSeconds(10)));
      assertEquals(5, second.json().path("id").asInt(), second.body());
      assertTrue(second.json().at("/result/content/0/text").asText().startsWith("done after"), second.body());
    }
  }

  @Test
  void aStreamableCallAnsweredAsSseGetsItsResultAfterEveryDeadline() throws Exception {
    String session = initialize();
    try (RawConnection call = new RawConnection(server.port)) {
      call.send(RawConnection.post("/mcp", slowCall(3, PAST_ALL, true), "Mcp-Session-Id: " + session));
      assertTrue(call.readUntil("\r\n\r\n", SLACK).contains("text/event-stream"));
      String events = call.readUntil("done after", PAST_ALL.plus(Duration.ofSeconds(10)));
      assertTrue(events.contains("notifications/progress"), events);
    }
  }

  @Test
  void aLegacySseStreamStaysOpenAndDeliversAfterEveryDeadline() throws Exception {
    try (RawConnection stream = new RawConnection(server.port)) {
      stream.send(RawConnection.head("GET", "/sse", "Accept: text/event-stream"));
      String announced = stream.readUntil("\n\n", SLACK);
      while (!announced.contains("event: endpoint")) {
        announced = stream.readUntil("\n\n", SLACK);
      }
      String endpoint = announced.substring(announced.indexOf("data: ") + 6).strip();
      assertTrue(stream.stillOpenAfter(PAST_ALL));
      Reply accepted = RawHttp.send(server.port, "POST", endpoint, headers("Content-Type", "application/json"),
          INITIALIZE);
      assertEquals(202, accepted.status(), accepted.body());
      assertTrue(stream.readUntil("protocolVersion", SLACK).contains("event: message"));
    }
  }

  @Test
  void aStreamableGetStreamStaysOpenAfterEveryDeadline() throws Exception {
    String session = initialize();
    try (RawConnection stream = new RawConnection(server.port)) {
      stream.send(RawConnection.head("GET", "/mcp", "Accept: text/event-stream", "Mcp-Session-Id: " + session));
      assertTrue(stream.readUntil("\r\n\r\n", SLACK).startsWith("HTTP/1.1 200"));
      assertTrue(stream.stillOpenAfter(PAST_ALL));
      Reply second = RawHttp.send(server.port, "GET", "/mcp",
          headers("Accept", "text/event-stream", "Mcp-Session-Id", session), null);
      assertEquals(409, second.status(), "the first stream is still attached: " + second.body());
    }
  }
}
