package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.Sandbox;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerAvailable.class)
class JupyterRestClientTest {
  private static Sandbox sandbox;
  private static Vertx vertx;
  private static JupyterRestClient rest;

  @BeforeAll
  static void startSandbox() {
    sandbox = new Sandbox().start();
    vertx = Vertx.vertx();
    rest = new JupyterRestClient(new JupyterClients(vertx), sandbox.endpoint());
  }

  @AfterAll
  static void stopSandbox() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void kernelspecsListPythonAndBash() {
    KernelSpecs specs = Await.result(rest.kernelspecs());
    assertTrue(specs.has("python3"), () -> "specs: " + specs);
    assertTrue(specs.has("bash"), () -> "specs: " + specs);
    assertEquals("python", specs.specs().get("python3").language());
  }

  @Test
  void kernelLifecycle() {
    KernelModel started = Await.result(rest.startKernel("python3"));
    assertEquals("python3", started.name());
    assertTrue(Await.result(rest.getKernel(started.id())).isPresent());
    List<KernelModel> all = Await.result(rest.listKernels());
    assertTrue(all.stream().anyMatch(k -> k.id().equals(started.id())));
    Await.result(rest.interrupt(started.id()));
    assertEquals(started.id(), Await.result(rest.restart(started.id())).id());
    Await.result(rest.shutdown(started.id()));
    assertTrue(Await.result(rest.getKernel(started.id())).isEmpty());
  }

  @Test
  void shutdownOfUnknownKernelSucceeds() {
    Await.result(rest.shutdown(UUID.randomUUID().toString()));
  }

  @Test
  void unknownSpecIsRefusedByName() {
    JupyterException e = assertThrows(JupyterException.class, () -> Await.result(rest.startKernel("cobol")));
    assertTrue(e.getMessage().contains("startKernel(cobol)"), e.getMessage());
    assertTrue(e.getMessage().contains("no such kernelspec") && e.getMessage().contains("python3"),
        () -> "the refusal says the spec is unknown and which there are: " + e.getMessage());
  }

  @Test
  void errorsNameTheCallStatusAndBody() {
    JupyterRestClient wrongToken = new JupyterRestClient(new JupyterClients(vertx),
        new JupyterEndpoint(sandbox.endpoint().server(), "wrong"));
    JupyterException e = assertThrows(JupyterException.class, () -> Await.result(wrongToken.listKernels()));
    assertEquals(403, e.statusCode());
    assertTrue(e.getMessage().startsWith("listKernels failed: HTTP 403"), e.getMessage());
  }
}
