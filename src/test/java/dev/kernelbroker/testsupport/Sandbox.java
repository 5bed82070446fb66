package dev.kernelbroker.testsupport;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The real sandbox image, run the way the broker runs it: read-only root, tmpfs /tmp, a memory limit
 * (so a test that allocates too much kills the kernel, not the machine) and a fresh token.
 */
public final class Sandbox implements AutoCloseable {
  public static final int JUPYTER_PORT = 8888;
  private static final long GIB = 1024L * 1024 * 1024;

  private final String token = UUID.randomUUID().toString();
  private final GenericContainer<?> container;

  public Sandbox() {
    this(GIB);
  }

  /** @param serverArgs extra Jupyter Server options, passed through the entrypoint */
  public Sandbox(long memoryBytes, String... serverArgs) {
    container = new GenericContainer<>(image())
        .withCommand(serverArgs)
        .withEnv("JUPYTER_TOKEN", token)
        .withExposedPorts(JUPYTER_PORT)
        .withTmpFs(Map.of("/tmp", "rw,size=256m"))
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withReadonlyRootfs(true)
            .withMemory(memoryBytes)
            .withMemorySwap(memoryBytes))
        .waitingFor(Wait.forHttp("/api/status")
            .forPort(JUPYTER_PORT)
            .withHeader("Authorization", "token " + token)
            .forStatusCode(200)
            .withStartupTimeout(Duration.ofSeconds(90)));
  }

  /** {@code -Dkernelbroker.sandboxImage} wins; else the default image, built from this checkout. */
  public static String image() {
    String chosen = System.getProperty("kernelbroker.sandboxImage");
    return chosen != null && !chosen.isBlank() ? chosen : SandboxImages.sandbox();
  }


  public Sandbox start() {
    container.start();
    return this;
  }

  public JupyterEndpoint endpoint() {
    return new JupyterEndpoint(container.getHost(), container.getMappedPort(JUPYTER_PORT), token);
  }

  @Override
  public void close() {
    container.stop();
  }
}
