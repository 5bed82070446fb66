package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.kernelbroker.testsupport.DockerAvailable;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cold start's own HTTP on the engine's socket, against the real engine: answers by length, chunks, errors. */
@ExtendWith(DockerAvailable.class)
class UnixSocketTransportIT {
  private final UnixSocketTransport transport =
      new UnixSocketTransport(Path.of("/var/run/docker.sock"), Duration.ofSeconds(30));
  private final EngineCalls engine = EngineCalls.over(transport);

  @Test
  void answersByLengthAreRead() {
    engine.ping();
    assertTrue(engine.inspectImage("debian:trixie-slim").isPresent(), "the provisioned base image");
    assertTrue(engine.inspectImage("kernel-broker-no-such-image:none").isEmpty());
    engine.listContainers(DockerSandboxes.MANAGED_LABEL, "no-such-value-" + UUID.randomUUID());
  }

  @Test
  void chunkedAnswersAreRead() throws Exception {
    // The engine sends /info in chunks.
    try (var response = transport.execute(Request.builder().method(Request.Method.GET).path("/info").build())) {
      assertEquals(200, response.getStatusCode());
      assertTrue(response.getHeader("Transfer-Encoding").contains("chunked"), response.getHeaders().toString());
      JsonObject info = new JsonObject(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
      assertFalse(info.getString("ID", "").isEmpty(), info.encode());
    }
  }

  @Test
  void aRefusedCreateNamesTheEnginesWords() {
    SandboxException refused = assertThrows(SandboxException.class, () -> engine.create("kb-transport-test-"
        + UUID.randomUUID().toString().substring(0, 8), new JsonObject().put("Image", "kernel-broker-no-such:none")));
    assertTrue(refused.getMessage().contains("HTTP 404") && refused.getMessage().contains("No such image"),
        refused.getMessage());
  }

  @Test
  void aContainerIsCreatedStartedAndRemoved() {
    String id = engine.create("kb-transport-test-" + UUID.randomUUID().toString().substring(0, 8), new JsonObject()
        .put("Image", "debian:trixie-slim").put("Cmd", new io.vertx.core.json.JsonArray().add("sleep").add("30"))
        .put("Labels", new JsonObject().put(DockerSandboxes.MANAGED_LABEL, "test")));
    try {
      engine.start(id);
      assertTrue(engine.inspectContainer(id).orElseThrow().getJsonObject("State").getBoolean("Running"));
    } finally {
      assertTrue(engine.remove(id), "it was there");
    }
    assertFalse(engine.remove(id), "gone: the engine's 404");
    assertTrue(engine.inspectContainer(id).isEmpty());
  }

  @Test
  void aMissingSocketIsAClearError() {
    var nowhere = EngineCalls.over(new UnixSocketTransport(Path.of("/nonexistent/docker.sock"), Duration.ofSeconds(5)));
    RuntimeException failed = assertThrows(RuntimeException.class, nowhere::ping);
    assertTrue(failed.getMessage().contains("/nonexistent/docker.sock"), failed.getMessage());
  }
}
