package dev.kernelbroker.testsupport;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.JupyterClients;
import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelSettings;
import io.vertx.core.Vertx;
import java.time.Duration;

/** One kernel in its own sandbox container, for a test class: started in @BeforeAll, closed in @AfterAll. */
public final class KernelFixture implements AutoCloseable {
  public static final long GIB = 1024L * 1024 * 1024;

  private final Sandbox sandbox;
  private final Vertx vertx = Vertx.vertx();
  private final JupyterRestClient rest;
  private final KernelManager kernel;

  private KernelFixture(String spec, long memoryBytes, KernelSettings settings) {
    sandbox = new Sandbox(memoryBytes).start();
    rest = new JupyterRestClient(new JupyterClients(vertx), sandbox.endpoint());
    kernel = Await.result(KernelManager.launch(vertx, rest, spec, settings));
  }

  public static KernelFixture start(String spec, long memoryBytes, KernelSettings settings) {
    return new KernelFixture(spec, memoryBytes, settings);
  }

  public static KernelFixture start(String spec) {
    return start(spec, GIB, KernelSettings.DEFAULT);
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public Vertx vertx() {
    return vertx;
  }

  public JupyterRestClient rest() {
    return rest;
  }

  public KernelManager kernel() {
    return kernel;
  }

  public ExecutionResult run(String code, Duration timeout) {
    return Await.result(kernel.client().execute(code, timeout));
  }

  @Override
  public void close() {
    try {
      Await.result(kernel.shutdown());
      Await.result(vertx.close());
    } finally {
      sandbox.close();
    }
  }
}
