package dev.kernelbroker.testsupport;

import dev.kernelbroker.Broker;
import dev.kernelbroker.config.BrokerConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real broker in this JVM: real sandbox container, real kernels, HTTP on a free loopback port. */
public final class TestBroker implements AutoCloseable {
  private final Vertx vertx;
  private final Path workspace;
  private final Broker broker;
  private final int port;

  public TestBroker(Map<String, String> settings) throws IOException {
    if (!"local".equals(settings.get("BROKER_RUNTIME"))) {
      SandboxImages.sandbox(); // build before the broker wants it, so no call waits for an image build
    }
    // Not created here: the broker creates it, and hands it to the sandbox user when running as root.
    workspace = Files.createTempDirectory("kb-test").resolve("workspace");
    Map<String, String> values = new HashMap<>(Map.of(
        "BROKER_PORT", "0",
        "BROKER_WORKSPACE_DIR", workspace.toString(),
        "BROKER_SANDBOX_MEMORY", "1g",
        "BROKER_POOL_SIZE", "1",
        "BROKER_MAX_SANDBOXES", "16",
        "BROKER_INTERRUPT_GRACE", "3s"));
    values.putAll(settings);
    BrokerConfig config = BrokerConfig.from(values);
    vertx = Vertx.vertx(Broker.vertxOptions(config));
    broker = new Broker(vertx, config);
    port = Await.result(broker.checkRuntime().compose(v -> broker.serveHttp()), Duration.ofSeconds(30));
    broker.warmUp();
  }

  public TestBroker() throws IOException {
    this(Map.of());
  }

  public Broker broker() {
    return broker;
  }

  public Path workspace() {
    return workspace;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() {
    Await.result(broker.close().eventually(vertx::close), Duration.ofSeconds(60));
  }
}
