package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/** The sandbox image as built from this checkout: Jupyter, its kernels, and the container's hardening. */
@ExtendWith(DockerAvailable.class)
class SandboxImageTest {
  private static final String TOKEN = "test-token-0123456789";
  private static final Path TESTS_DATA = Path.of(System.getProperty("kernelbroker.projectDir", "."), "tests-data");
  private static GenericContainer<?> jupyter;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    jupyter = hardened()
        .withEnv("JUPYTER_TOKEN", TOKEN)
        .withExposedPorts(8888)
        .withFileSystemBind(TESTS_DATA.resolve("sandbox").toString(), "/tests", BindMode.READ_ONLY)
        .waitingFor(Wait.forHttp("/api/status").withHeader("Authorization", "token " + TOKEN)
            .withStartupTimeout(Duration.ofSeconds(60)));
    jupyter.start();
  }

  @AfterAll
  static void stop() {
    if (jupyter != null) {
      jupyter.stop();
    }
  }

  /** As the broker runs it: read-only root, no capabilities, no new privileges, limits. */
  static GenericContainer<?> hardened() {
    return new GenericContainer<>(SandboxImages.sandbox()).withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m", "/workspace", "rw,nosuid,nodev,uid=1000,gid=1000"))
        .withCapDrop(com.github.dockerjava.api.model.Capability.ALL)
        .withSecurityOpts(java.util.List.of("no-new-privileges"))
        .withMemory(1L << 30)
        .withPidsLimit(256L));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
        "http://" + jupyter.getHost() + ":" + jupyter.getMappedPort(8888) + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "token " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jupyterAnswersWithTheTokenAndRefusesWithoutIt() throws Exception {
    assertEquals(200, get("/api/kernels", TOKEN).statusCode());
    assertEquals(403, get("/api/kernels", null).statusCode());
    assertEquals(403, get("/api/kernels", "wrong-token").statusCode());
  }

  @Test
  void listsThePythonBashAndJavaScriptKernels() throws Exception {
    String specs = get("/api/kernelspecs", TOKEN).body();
    assertTrue(specs.contains("\"python3\""), specs);
    assertTrue(specs.contains("\"bash\""), specs);
    assertTrue(specs.contains("\"javascript\""), specs);
  }

  @Test
  void runsAsUid1000WithoutCapabilitiesOnAReadOnlyRoot() throws Exception {
    assertEquals("1000", jupyter.execInContainer("id", "-u").getStdout().strip());
    ExecResult caps = jupyter.execInContainer("grep", "CapEff", "/proc/self/status");
    assertTrue(caps.getStdout().matches("(?s)CapEff:\\s+0+\\s*"), caps.getStdout());
    assertTrue(jupyter.execInContainer("touch", "/etc/escape").getExitCode() != 0, "root fs must be read-only");
    assertEquals(0, jupyter.execInContainer("touch", "/workspace/ok", "/tmp/ok").getExitCode());
  }

  @Test
  void aMatplotlibPlotArrivesAsPng() throws Exception {
    ExecResult run = jupyter.execInContainer("python3", "/tests/plot_png.py");
    assertTrue(run.getStdout().contains("\"status\": \"ok\""), run.getStdout() + run.getStderr());
    assertTrue(run.getStdout().contains("image/png"), run.getStdout() + run.getStderr());
  }

  @Test
  void refusesToStartWithoutAToken() {
    ToStringConsumer output = new ToStringConsumer();
    try (GenericContainer<?> tokenless = new GenericContainer<>(SandboxImages.sandbox())
        .withLogConsumer(output)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
      Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, tokenless::start);
      assertTrue(output.toUtf8String().contains("JUPYTER_TOKEN is not set"), output.toUtf8String() + failure);
    }
  }

  @Test
  void bashKernelPassesTheConformanceSuiteAndTheShellBehaviourTests() {
    try (GenericContainer<?> suite = hardened()
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/usr/bin/python3"))
        .withCommand("-m", "unittest", "discover", "-s", "/tests", "-v")
        .withFileSystemBind(TESTS_DATA.resolve("bash_kernel").toString(), "/tests", BindMode.READ_ONLY)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(4)))) {
      suite.start(); // one-shot: fails unless the suite exits 0
      String logs = suite.getLogs();
      assertTrue(logs.contains("test_execute_stdout") && logs.contains("test_execute_stderr"), logs);
      assertTrue(logs.strip().endsWith("\nOK"), "the suite's last line must be a plain OK (nothing skipped):\n" + logs);
    }
  }

  @Test
  void javaScriptKernelPassesTheConformanceSuiteAndTheReplBehaviourTests() {
    try (GenericContainer<?> suite = hardened()
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/usr/bin/python3"))
        .withCommand("-m", "unittest", "discover", "-s", "/tests", "-v")
        .withFileSystemBind(TESTS_DATA.resolve("js_kernel").toString(), "/tests", BindMode.READ_ONLY)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(4)))) {
      suite.start(); // one-shot: fails unless the suite exits 0
      String logs = suite.getLogs();
      assertTrue(logs.contains("test_execute_result") && logs.contains("test_interrupt_of_a_busy_loop"), logs);
      assertTrue(logs.strip().endsWith("\nOK"), "the suite's last line must be a plain OK (nothing skipped):\n" + logs);
    }
  }

  @Test
  void thePackageHelperFindsMissingImportsAndInstallsWithinItsSizeCap() {
    try (GenericContainer<?> suite = hardened()
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/usr/bin/python3"))
        .withEnv("PYTHONPATH", "/opt/kernel-broker")
        .withCommand("-m", "unittest", "discover", "-s", "/tests", "-v")
        .withFileSystemBind(TESTS_DATA.resolve("packages").toString(), "/tests", BindMode.READ_ONLY)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      suite.start(); // one-shot: fails unless the suite exits 0
      String logs = suite.getLogs();
      assertTrue(logs.contains("test_an_install_over_the_size_cap_is_refused"), logs);
      assertTrue(logs.strip().endsWith("\nOK"), logs);
    }
  }
}
