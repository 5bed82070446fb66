package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kernelbroker.config.BrokerConfig;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container a sandbox is created as, and Docker's inspect answer as the Engine API writes it. */
class ContainerSpecTest {
  @Test
  void underAUserSpaceKernelThePidsLimitMakesRoomForTheRuntimesOwnThreads() {
    assertEquals(256, ContainerSpec.hostPidsLimit(BrokerConfig.from(Map.of()).sandbox()));
    assertEquals(100, ContainerSpec.hostPidsLimit(BrokerConfig.from(Map.of("BROKER_SANDBOX_PIDS", "100")).sandbox()));
    assertEquals(800, ContainerSpec.hostPidsLimit(BrokerConfig.from(Map.of("BROKER_SANDBOX_PIDS", "100",
        "BROKER_SANDBOX_OCI_RUNTIME", "runsc")).sandbox()));
  }

  @Test
  void thePublishedJupyterPortIsTheFirstBindingsHostPort() {
    JsonObject inspected = new JsonObject("""
        {"NetworkSettings": {"Ports": {"8888/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}],
          "9999/tcp": [{"HostIp": "127.0.0.1", "HostPort": "1"}]}}}""");
    assertEquals(49153, ContainerSpec.publishedJupyterPort(inspected));
  }

  @Test
  void noBindingIsNoPort() {
    assertNull(ContainerSpec.publishedJupyterPort(new JsonObject()));
    assertNull(ContainerSpec.publishedJupyterPort(new JsonObject("{\"NetworkSettings\": {\"Ports\": {}}}")));
    assertNull(ContainerSpec.publishedJupyterPort(new JsonObject(
        "{\"NetworkSettings\": {\"Ports\": {\"8888/tcp\": null}}}")));
    assertNull(ContainerSpec.publishedJupyterPort(new JsonObject(
        "{\"NetworkSettings\": {\"Ports\": {\"8888/tcp\": [{\"HostIp\": \"\", \"HostPort\": \"\"}]}}}")));
  }
}
