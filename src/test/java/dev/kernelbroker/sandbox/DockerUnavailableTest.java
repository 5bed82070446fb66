package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an engine the broker says so at once and names the unsandboxed alternative. */
class DockerUnavailableTest {

  @Test
  void noEngineFailsWithAMessageNamingTheLocalRuntime() {
    Vertx vertx = Vertx.vertx();
    try {
      var settings = BrokerConfig.from(Map.of()).sandbox();
      var runtime = new DockerSandboxRuntime(vertx, settings,
          DockerConnection.open("unix:///nonexistent/docker.sock"), new ReadinessProbe(vertx, WebClient.create(vertx)));
      Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> Await.result(runtime.checkAvailable()));
      assertTrue(failure.getMessage().contains("Docker does not answer"), failure.getMessage());
      assertTrue(failure.getMessage().contains("BROKER_RUNTIME=local"), failure.getMessage());
    } finally {
      vertx.close();
    }
  }
}
