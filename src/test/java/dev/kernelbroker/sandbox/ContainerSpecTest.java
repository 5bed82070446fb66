package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Reading Docker's inspect answer as the Engine API writes it. */
class ContainerSpecTest {
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
