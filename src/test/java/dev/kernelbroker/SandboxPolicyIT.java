package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.sandbox.DockerConnection;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxImages;
import dev.kernelbroker.testsupport.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Capacity, the bridge network, gVisor, workspace ownership and reaping: each with a broker of its own. */
@ExtendWith(DockerAvailable.class)
class SandboxPolicyIT {

  static CallOutcome python(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_python_code", McpJson.object().put("command", command));
  }

  static CallOutcome bash(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_bash_code", McpJson.object().put("command", command));
  }

  @Test
  void atCapacityACallIsAClearErrorAndEndingASessionFreesASandbox() throws Exception {
    try (TestBroker broker = new TestBroker(Map.of("BROKER_MAX_SANDBOXES", "1", "BROKER_POOL_SIZE", "0",
        "BROKER_CLAIM_TIMEOUT", "2s"))) {
      NodeMcpClient first = NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose();
      try (NodeMcpClient second = NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose()) {
        assertFalse(python(first, "print(1)").isError());
        CallOutcome refused = python(second, "print(2)");
        assertTrue(refused.ok(), "a tool result, not a protocol error: " + refused);
        assertTrue(refused.isError(), refused.text());
        assertTrue(refused.text().contains("at capacity: 1 of 1"), refused.text());
        assertTrue(refused.text().contains("BROKER_SESSION_IDLE_TIMEOUT"), refused.text());
        first.terminateSession();
        first.close();
        CallOutcome now = python(second, "print(2)");
        assertFalse(now.isError(), now.text());
      }
    }
  }

  @Test
  void onTheBridgeNetworkNoSandboxReachesAnotherOrTheBroker() throws Exception {
    String token = "bridge-test-token-0123456789";
    try (TestBroker broker = new TestBroker(Map.of("BROKER_SANDBOX_NETWORK", "bridge", "BROKER_POOL_SIZE", "0",
        "BROKER_HOST", "0.0.0.0", "BROKER_AUTH_TOKEN", token));
        NodeMcpClient a = NodeMcpClient.streamableHttp(broker.url("/mcp"), token).endingSessionOnClose();
        NodeMcpClient b = NodeMcpClient.streamableHttp(broker.url("/mcp"), token).endingSessionOnClose()) {
      String address = bash(a, "(python3 -m http.server 8000 >/dev/null 2>&1 &); sleep 1; hostname -I").text().strip();
      assertTrue(address.matches("[0-9.]+"), address);
      int brokerPort = Integer.parseInt(broker.url("").replaceAll(".*:", ""));
      CallOutcome probe = python(b, """
          import socket, urllib.request, urllib.error
          gateway = '%s'.rsplit('.', 1)[0] + '.1'
          for host, port in (('%s', 8000), ('%s', 8888)):
              try:
                  socket.create_connection((host, port), timeout=2).close()
                  print(host, port, 'REACHED')
              except OSError as e:
                  print(host, port, 'unreachable', type(e).__name__)
          request = urllib.request.Request('http://%%s:%d/health' %% gateway,
                                           headers={'Authorization': 'Bearer %s'})
          try:
              print('broker', urllib.request.urlopen(request, timeout=3).status)
          except urllib.error.HTTPError as e:
              print('broker', e.code)
          except OSError as e:
              print('broker unreachable', type(e).__name__)"""
          .formatted(address, address, address, brokerPort, token));
      assertFalse(probe.isError(), probe.text());
      assertFalse(probe.text().contains("REACHED"), probe.text());
      assertTrue(probe.text().contains("broker 403"), "the broker refuses calls from its sandboxes: " + probe.text());
      assertTrue(bash(a, "curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8000/").text().contains("200"),
          "A's own server answers inside A");
    }
  }

  @Test
  void pythonAndBashRunUnderGvisor() throws Exception {
    try (TestBroker broker = new TestBroker(Map.of("BROKER_SANDBOX_OCI_RUNTIME", "runsc",
        "BROKER_SANDBOX_NETWORK", "none", "BROKER_POOL_SIZE", "0"));
        NodeMcpClient client = NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose()) {
      CallOutcome python = python(client, "import platform\nx = 6 * 7\nprint(x, platform.release())");
      assertFalse(python.isError(), python.text());
      assertTrue(python.text().startsWith("42 "), python.text());
      CallOutcome bash = bash(client, "dmesg 2>/dev/null | head -1; echo shell $((x=3*3))");
      assertFalse(bash.isError(), bash.text());
      assertTrue(bash.text().contains("shell 9"), bash.text());
      assertTrue(bash.text().contains("gVisor"), "the sandbox kernel is gVisor's: " + bash.text());
      String container = McpJson.MAPPER.readTree(client.callTool("get_kernel_status", McpJson.object()).text())
          .at("/session/sandbox/container_id").asText();
      try (var docker = DockerConnection.open()) {
        var host = docker.inspectContainerCmd(container).exec().getHostConfig();
        assertEquals("runsc", host.getRuntime());
        assertEquals(256L * 8, host.getPidsLimit(), "gVisor's own threads count in the pids cgroup");
      }
    }
  }

  @Test
  void aRootOwnedWorkspaceWithFilesIsRefusedWithWhatToDo() throws Exception {
    Path folder = Files.createTempDirectory("kb-root-owned");
    Files.writeString(folder.resolve("existing.txt"), "x");
    assertEquals(0, (int) (Integer) Files.getAttribute(folder, "unix:uid"), "tests run as root in CI");
    try (TestBroker broker = new TestBroker(Map.of("BROKER_WORKSPACE_DIR", folder.toString(),
        "BROKER_POOL_SIZE", "0"));
        NodeMcpClient client = NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose()) {
      CallOutcome refused = python(client, "open('/workspace/x', 'w').write('y')");
      assertTrue(refused.isError(), refused.text());
      assertTrue(refused.text().contains("belongs to root") && refused.text().contains("chown"), refused.text());
    }
  }

  @Test
  void sandboxesOfABrokerKilledWithSigkillAreRemovedByTheNextBroker() throws Exception {
    SandboxImages.sandbox();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", System.getProperty("kernelbroker.jar"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(Map.of("BROKER_PORT", "0", "BROKER_POOL_SIZE", "1",
        "BROKER_SANDBOX_ORPHAN_TIMEOUT", "5s",
        "BROKER_WORKSPACE_DIR", Files.createTempDirectory("kb-killed").resolve("ws").toString()));
    Process killed = builder.start();
    List<Container> orphans;
    try {
      orphans = awaitContainers(killed.pid(), true);
      assertFalse(orphans.isEmpty(), "the broker started its warm sandbox");
    } finally {
      killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
    }
    assertTrue(awaitStopped(killed.pid()), "without its broker's heartbeat the sandbox stops itself");
    try (TestBroker next = new TestBroker(Map.of("BROKER_POOL_SIZE", "0"))) {
      next.broker().pool().start();
      assertTrue(awaitContainers(killed.pid(), false).isEmpty(), "the next broker removes the orphans");
    }
  }

  /** Whether every container labelled with {@code pid} as owner has stopped within a minute. */
  private static boolean awaitStopped(long pid) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (var docker = DockerConnection.open()) {
      while (System.nanoTime() < deadline) {
        List<Container> all = docker.listContainersCmd().withShowAll(true)
            .withLabelFilter(Map.of("dev.kernelbroker.owner-pid", Long.toString(pid))).exec();
        if (!all.isEmpty() && all.stream().noneMatch(c -> "running".equals(c.getState()))) {
          return true;
        }
        Thread.sleep(500);
      }
      return false;
    }
  }

  /** The containers labelled with {@code pid} as owner, once some exist ({@code present}) or none do. */
  private static List<Container> awaitContainers(long pid, boolean present) throws Exception {
    long deadline = System.nanoTime() + 90_000_000_000L;
    try (var docker = DockerConnection.open()) {
      while (true) {
        List<Container> found = docker.listContainersCmd().withShowAll(true)
            .withLabelFilter(Map.of("dev.kernelbroker.owner-pid", Long.toString(pid))).exec();
        if (found.isEmpty() != present || System.nanoTime() > deadline) {
          return found;
        }
        Thread.sleep(250);
      }
    }
  }
}
