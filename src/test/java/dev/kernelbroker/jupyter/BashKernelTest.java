package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.Sandbox;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerAvailable.class)
class BashKernelTest {
  private static Sandbox sandbox;
  private static Vertx vertx;
  private static KernelManager kernel;

  @BeforeAll
  static void startKernel() {
    sandbox = new Sandbox().start();
    vertx = Vertx.vertx();
    kernel = Await.result(KernelManager.launch(vertx, new JupyterRestClient(vertx, sandbox.endpoint()), "bash",
        KernelSettings.DEFAULT));
  }

  @AfterAll
  static void stop() {
    if (kernel != null) {
      Await.result(kernel.shutdown());
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  static ExecutionResult run(String code) {
    return Await.result(kernel.client().execute(code, Duration.ofSeconds(30)));
  }

  @Test
  void workingDirectoryPersists() {
    assertEquals(ExecutionStatus.OK, run("cd /tmp").status());
    assertEquals("/tmp\n", run("pwd").text());
  }

  @Test
  void exportedVariablesPersist() {
    assertEquals(ExecutionStatus.OK, run("export X=1").status());
    assertEquals("1\n", run("echo $X").text());
  }

  @Test
  void nonZeroExitIsAnError() {
    ExecutionResult r = run("false");
    assertEquals(ExecutionStatus.ERROR, r.status(), r::toString);
  }

  @Test
  void stdoutAndStderrKeepTheirNames() {
    // The two streams travel separately from bash, so their relative order is not promised.
    ExecutionResult r = run("echo out; echo err >&2");
    assertTrue(r.outputs().contains(new Output.StreamOutput("stdout", "out\n")), r::toString);
    assertTrue(r.outputs().contains(new Output.StreamOutput("stderr", "err\n")), r::toString);
  }
}
