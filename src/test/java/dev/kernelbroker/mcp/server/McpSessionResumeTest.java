package dev.kernelbroker.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import dev.kernelbroker.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An id from before a restart is taken up again only when the broker kept state for it (keep mode). */
class McpSessionResumeTest {
  private static final String KEPT = "0123456789abcdef0123456789abcdef";
  private final Vertx vertx = Vertx.vertx();
  private final McpSessionRegistry registry = new McpSessionRegistry(vertx, Duration.ofMinutes(1),
      Duration.ofMinutes(1));
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    Await.result(registry.closeAll().eventually(vertx::close));
  }

  private void keep(String id) {
    registry.resumeWhen(candidate -> {
      asked.add(candidate);
      return Future.succeededFuture(candidate.equals(id));
    });
  }

  @Test
  void byDefaultNoUnknownIdIsResumed() {
    assertTrue(Await.result(registry.findOrResume(KEPT, McpSession.Transport.STREAMABLE_HTTP,
        ProtocolVersion.LATEST, "alice")).isEmpty());
  }

  @Test
  void aKeptIdComesBackInitializedAtTheClientsVersionAndHoldingState() {
    keep(KEPT);
    McpSession resumed = Await.result(registry.findOrResume(KEPT, McpSession.Transport.STREAMABLE_HTTP,
        ProtocolVersion.V2025_06_18, "alice")).orElseThrow();
    assertEquals(KEPT, resumed.id());
    assertTrue(resumed.isInitialized());
    assertEquals(ProtocolVersion.V2025_06_18, resumed.protocolVersion().orElseThrow());
    assertTrue(resumed.holdsState(), "kept for the idle timeout, not the unused one");
    assertEquals("alice", resumed.client(), "it belongs to the token that brought it back");
    assertSame(resumed, registry.find(KEPT).orElseThrow());
    assertSame(resumed, Await.result(registry.findOrResume(KEPT, McpSession.Transport.STREAMABLE_HTTP,
        ProtocolVersion.LATEST, "alice")).orElseThrow(), "found, not resumed twice");
    assertEquals(List.of(KEPT), asked);
    resumed.close();
    assertTrue(registry.find(KEPT).isEmpty());
  }

  @Test
  void otherIdsAndIdsNotOfOurFormAreNotResumedNorLookedUp() {
    keep(KEPT);
    String other = "ffffffffffffffffffffffffffffffff";
    assertTrue(Await.result(registry.findOrResume(other, McpSession.Transport.STREAMABLE_HTTP,
        ProtocolVersion.LATEST, "alice")).isEmpty());
    assertTrue(Await.result(registry.findOrResume("../../etc/passwd", McpSession.Transport.STREAMABLE_HTTP,
        ProtocolVersion.LATEST, "alice")).isEmpty());
    assertEquals(List.of(other), asked, "a malformed id is refused before any lookup");
    assertFalse(registry.find(other).isPresent());
  }
}
