package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.pool.PoolStatus;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxContainers;
import dev.kernelbroker.testsupport.TestBroker;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One sandbox per session, through the official MCP client over Streamable HTTP: network none (the default here),
 * private workspaces, a warm pool of one.
 */
@ExtendWith(DockerAvailable.class)
class SessionIsolationIT {
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new TestBroker(Map.of("BROKER_SANDBOX_NETWORK", "none", "BROKER_SANDBOX_MEMORY", "512m",
        "BROKER_SANDBOX_PIDS", "128", "BROKER_MAX_SANDBOXES", "4"));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static NodeMcpClient connect() throws Exception {
    return NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose();
  }

  static CallOutcome python(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_python_code", McpJson.object().put("command", command));
  }

  static CallOutcome bash(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_bash_code", McpJson.object().put("command", command));
  }

  static JsonNode status(NodeMcpClient client) throws Exception {
    return McpJson.MAPPER.readTree(client.callTool("get_kernel_status", McpJson.object()).text());
  }

  static void awaitWarm(int warm) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (broker.broker().pool().status().warm() < warm && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    PoolStatus pool = broker.broker().pool().status();
    assertTrue(pool.warm() >= warm, "the pool did not warm up: " + pool);
  }

  @Test
  void twoSessionsShareNoHostProcessesFilesOrVariables() throws Exception {
    try (NodeMcpClient a = connect(); NodeMcpClient b = connect()) {
      String hostA = bash(a, "hostname; echo alice > /tmp/a-secret; echo alice > /workspace/a.txt;"
          + " (sleep 600 &) ; echo started").text();
      python(a, "secret_a = 42");
      String hostB = bash(b, "hostname").text();
      assertNotEquals(hostA.lines().findFirst().orElseThrow(), hostB.strip(), "each session has its own sandbox");

      CallOutcome ps = bash(b, "ps -eo args");
      assertFalse(ps.text().contains("sleep 600"), "B sees A's processes: " + ps.text());
      CallOutcome files = bash(b, "ls /tmp/a-secret /workspace/a.txt");
      assertTrue(files.isError(), "B reads A's files: " + files.text());
      assertTrue(python(b, "print('secret_a' in globals())").text().contains("False"));
      CallOutcome token = bash(b, "curl -s -m 2 http://127.0.0.1:8888/api/kernels; echo rc=$?");
      assertFalse(token.text().contains("\"id\""), "B lists kernels of a Jupyter Server: " + token.text());

      String nameA = status(a).at("/session/sandbox/name").asText();
      String nameB = status(b).at("/session/sandbox/name").asText();
      assertNotEquals(nameA, nameB);
      assertTrue(python(a, "print(secret_a)").text().contains("42"));
    }
  }

  @Test
  void aNewSessionTakesAWarmSandboxAndItsFirstCallStartsNoContainer() throws Exception {
    awaitWarm(1);
    long startedBefore = broker.broker().pool().status().started();
    try (NodeMcpClient client = connect()) {
      CallOutcome first = python(client, "print(1)");
      assertFalse(first.isError(), first.text());
      JsonNode sandbox = status(client).at("/session/sandbox");
      assertTrue(sandbox.path("from_warm_pool").asBoolean(), sandbox.toString());
      assertEquals(1, sandbox.path("generation").asInt(), sandbox.toString());
      // the refill after the claim may start one more, but not for this session: it is running already
      assertTrue(broker.broker().pool().status().started() <= startedBefore + 1);
    }
  }

  @Test
  void aForkBombAndAMemoryBombHurtOnlyTheirOwnSession() throws Exception {
    try (NodeMcpClient bystander = connect()) {
      python(bystander, "mine = 'intact'");
      try (NodeMcpClient bomber = connect()) {
        CallOutcome fork = bomber.callTool("execute_bash_code", McpJson.object()
            .put("command", ":(){ :|:& };:; sleep 30").put("timeout_seconds", 8));
        assertTrue(fork.isError(), fork.text());
        assertTrue(fork.text().contains("processes in use") && fork.text().contains("replaced"),
            "the saturated sandbox is recycled and the result says so: " + fork.text());
        CallOutcome again = bash(bomber, "echo alive");
        assertFalse(again.isError(), again.text());
        assertTrue(again.text().contains("alive"), again.text());
        CallOutcome after = python(bystander, "print(mine)");
        assertFalse(after.isError(), after.text());
        assertTrue(after.text().contains("intact"), after.text());
      }
      try (NodeMcpClient hog = connect()) {
        CallOutcome memory = python(hog, "hog = b'x' * (2 * 1024**3)");
        assertTrue(memory.isError(), memory.text());
        CallOutcome after = python(bystander, "print(mine)");
        assertFalse(after.isError(), after.text());
        assertTrue(after.text().contains("intact"), after.text());
      }
    }
  }

  @Test
  void withoutANetworkNothingLeavesTheSandboxAndPlotsStillWork() throws Exception {
    try (NodeMcpClient client = connect()) {
      CallOutcome probe = python(client, """
          import socket
          print(sorted(name for _, name in socket.if_nameindex()))
          for host in ('172.17.0.1', '1.1.1.1'):
              try:
                  socket.create_connection((host, 80), timeout=2).close()
                  print(host, 'reachable')
              except OSError as e:
                  print(host, 'unreachable', type(e).__name__)""");
      assertFalse(probe.isError(), probe.text());
      assertTrue(probe.text().contains("['lo']"), probe.text());
      assertFalse(probe.text().contains(" reachable"), probe.text());
      CallOutcome plot = python(client, "import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1])\nplt.show()");
      assertEquals("image", plot.result().path("content").path(1).path("type").asText(), plot.result().toString());
    }
  }

  @Test
  void endingASessionRemovesItsContainerAndPrivateWorkspace() throws Exception {
    try (NodeMcpClient client = connect()) {
      bash(client, "echo data > /workspace/kept.txt");
      String id = status(client).at("/session/sandbox/container_id").asText();
      assertTrue(SandboxContainers.running().stream().anyMatch(c -> c.startsWith(id)));
      client.terminateSession();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (SandboxContainers.running().stream().anyMatch(c -> c.startsWith(id)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(SandboxContainers.running().stream().anyMatch(c -> c.startsWith(id)), "container " + id);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (keptFileRemains() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertFalse(keptFileRemains(), "the private workspace is removed with its session");
  }

  private static boolean keptFileRemains() throws java.io.IOException {
    try (var sessions = java.nio.file.Files.list(broker.workspace().resolve("sessions"))) {
      return sessions.anyMatch(dir -> java.nio.file.Files.exists(dir.resolve("kept.txt")));
    }
  }
}
