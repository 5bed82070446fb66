package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code BROKER_ON_EXIT=keep}: the real jar is stopped (SIGTERM, then SIGKILL) and started again on the same port
 * while the official MCP client keeps its session id; the session's Python variables, shell state and files are
 * there after each restart.
 */
@ExtendWith(DockerAvailable.class)
class BrokerRestartIT {
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);

  private final List<Process> brokers = new ArrayList<>();
  private Path home;
  private int port;
  private String network;

  @AfterEach
  void cleanUp() throws Exception {
    for (Process broker : brokers) {
      broker.destroy();
      if (!broker.waitFor(30, TimeUnit.SECONDS)) {
        broker.destroyForcibly();
      }
    }
    if (home != null) {
      // Whatever a failed run left: the containers this test's installation made.
      String installation = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(home.resolve(".kernel-broker").toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
      Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter",
          "label=dev.kernelbroker.installation=" + installation).start();
      String ids = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      ps.waitFor(30, TimeUnit.SECONDS);
      if (!ids.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
        rm.addAll(List.of(ids.split("\\s+")));
        new ProcessBuilder(rm).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
            .waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  /** none: Jupyter on a socket, dialled again; bridge: on the port Docker published. */
  @ParameterizedTest
  @ValueSource(strings = {"none", "bridge"})
  void variablesSurviveSigtermAndSigkillOfTheBroker(String network) throws Exception {
    this.network = network;
    SandboxImages.sandbox();
    home = Files.createTempDirectory("kb-restart");
    port = freePort();
    String url = "http://127.0.0.1:" + port + "/mcp";
    Process first = startBroker("first");
    try (NodeMcpClient client = NodeMcpClient.streamableHttp(url, null)) {
      String session = client.connectedInfo().path("sessionId").asText();
      String protocol = client.connectedInfo().path("protocolVersion").asText();
      assertOk(python(client, "kept = 'before the restart'"));
      assertOk(bash(client, "cd /tmp && export KEPT=shell-state && echo note > /workspace/note.txt"));

      // (none only, to keep the test short) a cell still running when the broker stops goes on in its kernel
      CompletableFuture<CallOutcome> running = network.equals("none") ? client.callToolAsync("execute_python_code",
          McpJson.object().put("command", "import time\ntime.sleep(8)\nlate = 'finished'"), false, null) : null;
      Thread.sleep(running == null ? 0 : 2000);

      first.destroy(); // SIGTERM
      assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the first broker did not exit within 60 s of SIGTERM");
      if (running != null) {
        CallOutcome cut = running.get(30, TimeUnit.SECONDS);
        assertTrue(!cut.ok() || cut.text().contains("state is kept"), "a cut call says what became of it: "
            + cut.result());
      }
      Process second = startBroker("second");
      // The same client, unaware of the restart: same session id, same protocol version header.
      CallOutcome after = python(client, "print(kept)");
      assertOk(after);
      assertTrue(after.text().contains("before the restart"), after.text());
      CallOutcome shell = bash(client, "echo \"$(pwd) $KEPT $(cat /workspace/note.txt)\"");
      assertEquals("/tmp shell-state note", shell.text().strip());
      if (running != null) {
        CallOutcome late = python(client, "print(late)");
        assertTrue(late.text().contains("finished"), "the cell that ran through the restart completed: " + late.text());
      }
      assertOk(python(client, "also = 2"));
      try (NodeMcpClient abandoned = NodeMcpClient.streamableHttp(url, null)) {
        assertOk(python(abandoned, "never_read_again = 1")); // a session whose client never comes back
      }

      second.destroyForcibly(); // SIGKILL: nothing runs at exit, the sandboxes are kept all the same
      assertTrue(second.waitFor(30, TimeUnit.SECONDS));
      startBroker("third", "BROKER_ADOPT_GRACE", "10s");
      assertEquals(2, claimRecords(), "both sessions' sandboxes were adopted");
      try (NodeMcpClient again = NodeMcpClient.resumeStreamableHttp(url, session, protocol)) {
        CallOutcome both = python(again, "print(kept, also)");
        assertOk(both);
        assertTrue(both.text().contains("before the restart 2"), both.text());
        again.terminateSession(); // ends it for good: the sandbox goes
      }
      // The abandoned session's sandbox goes when the grace period ends; the ended one's at once.
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
      while (claimRecords() > 0 && System.nanoTime() < giveUp) {
        Thread.sleep(500);
      }
      assertEquals(0, claimRecords(), "sandboxes still claimed 45 s after the 10 s grace: " + log("third"));
      try (NodeMcpClient stranger = NodeMcpClient.resumeStreamableHttp(url, "0123456789abcdef0123456789abcdef",
          protocol)) {
        CallOutcome refused = python(stranger, "print(1)");
        assertFalse(refused.ok(), "a session id no sandbox was kept for is not resumed: " + refused.result());
        assertTrue(refused.error().path("code").asInt() == 404
            || refused.error().path("message").asText().contains("does not exist"), refused.error().toString());
      }
    }
  }

  private long claimRecords() throws IOException {
    Path claims = home.resolve(".kernel-broker").resolve("claims");
    if (!Files.isDirectory(claims)) {
      return 0;
    }
    try (var files = Files.list(claims)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }

  private Process startBroker(String which, String... settings) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Duser.home=" + home, "-jar",
        System.getProperty("kernelbroker.jar", "target/kernel-broker.jar"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("broker-" + which + ".log").toFile()));
    builder.environment().putAll(Map.of("BROKER_PORT", Integer.toString(port), "BROKER_POOL_SIZE", "1",
        "BROKER_ON_EXIT", "keep", "BROKER_WORKSPACE_DIR", home.resolve("workspace").toString(),
        "BROKER_SANDBOX_NETWORK", network));
    for (int i = 0; i + 1 < settings.length; i += 2) {
      builder.environment().put(settings[i], settings[i + 1]);
    }
    Process broker = builder.start();
    brokers.add(broker);
    awaitHealth(broker, which);
    return broker;
  }

  private void awaitHealth(Process broker, String which) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long giveUp = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < giveUp) {
      if (!broker.isAlive()) {
        throw new IllegalStateException("the " + which + " broker exited: " + log(which));
      }
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the " + which + " broker did not answer /health within "
        + START_DEADLINE.toSeconds() + " s: " + log(which));
  }

  private String log(String which) throws IOException {
    return Files.readString(home.resolve("broker-" + which + ".log"));
  }

  private static void assertOk(CallOutcome outcome) {
    assertTrue(outcome.ok() && !outcome.isError(), outcome.result() + " " + outcome.error());
  }

  private static CallOutcome python(NodeMcpClient client, String code) throws Exception {
    return client.callTool("execute_python_code", McpJson.object().put("command", code));
  }

  private static CallOutcome bash(NodeMcpClient client, String code) throws Exception {
    return client.callTool("execute_bash_code", McpJson.object().put("command", code));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
