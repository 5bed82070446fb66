package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxContainers;
import dev.kernelbroker.testsupport.SandboxImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker over stdio, started by the official TypeScript client as Claude Desktop does. */
@ExtendWith(DockerAvailable.class)
class BrokerStdioIT {

  /** Through {@code bin/kernel-broker}, as the README's client setups start it, JVM options and all. */
  @Test
  void servesToolsOnStdioAndRemovesItsSandboxWhenStdinCloses() throws Exception {
    SandboxImages.sandbox();
    Path workspace = Files.createTempDirectory("kb-stdio").resolve("workspace");
    Set<String> before = SandboxContainers.running();
    try (NodeMcpClient client = NodeMcpClient.stdio(
        List.of(Path.of("bin", "kernel-broker").toAbsolutePath().toString(), "--stdio"),
        Map.of("BROKER_WORKSPACE_DIR", workspace.toString(), "BROKER_SANDBOX_MEMORY", "1g",
            "KERNEL_BROKER_JAR", System.getProperty("kernelbroker.jar")))) {
      assertEquals("kernel-broker", client.connectedInfo().path("serverInfo").path("name").asText());
      assertEquals(15, client.listTools().path("tools").size());

      client.callTool("execute_python_code", McpJson.object().put("command", "total = 20 + 1"));
      CallOutcome value = client.callTool("execute_python_code", McpJson.object().put("command", "total * 2"));
      assertTrue(value.text().contains("42"), value.text());

      CallOutcome file = client.callTool("execute_bash_code",
          McpJson.object().put("command", "echo from-the-sandbox > /workspace/note.txt && id -u"));
      assertFalse(file.isError(), file.text());
      assertEquals("1000", file.text().strip());
      assertEquals("from-the-sandbox", Files.readString(workspace.resolve("note.txt")).strip());
      assertTrue(SandboxContainers.running().stream().anyMatch(id -> !before.contains(id)),
          "a sandbox container runs for the session");
    }
    assertTrue(SandboxContainers.onlyThoseRemain(before, 30), "the sandbox container is removed when stdin closes");
  }

  /**
   * The exit after a call is a clean cascade: the session's kernel and sandbox, then the pool's warm sandbox and its
   * kernel, then the clients and Vert.x. Nothing about it is worth a warning, and no container is left.
   */
  @Test
  void exitingAfterACallLogsNoWarningAndLeavesNoContainer() throws Exception {
    SandboxImages.sandbox();
    Path home = Files.createTempDirectory("kb-stdio-exit");
    Path stderr = home.resolve("broker.stderr");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // exec: the client's signals, if it has to send any, reach the broker itself
    List<String> broker = List.of("sh", "-c", "exec \"$0\" -jar \"$1\" --stdio 2>\"$2\"", java,
        System.getProperty("kernelbroker.jar"), stderr.toString());
    try (NodeMcpClient client = NodeMcpClient.stdio(broker, Map.of("BROKER_WORKSPACE_DIR",
        home.resolve("workspace").toString(), "BROKER_MAX_SANDBOXES", "2"))) {
      CallOutcome printed = client.callTool("execute_python_code", McpJson.object().put("command", "print(1)"));
      assertEquals("1", printed.text().strip(), printed.text());
    }
    String log = Files.readString(stderr);
    Matcher started = Pattern.compile("Started sandbox container (\\S+)").matcher(log);
    List<String> names = started.results().map(m -> m.group(1)).toList();
    assertTrue(names.size() >= 1, "the broker logs the sandboxes it starts:\n" + log);
    List<String> complaints = log.lines()
        .filter(line -> line.matches("^\\S+ (WARN|ERROR) .*") || line.contains("Exception")
            || line.contains("shutdown did not finish"))
        .toList();
    assertEquals(List.of(), complaints, "the exit logged only what it did:\n" + log);
    assertEquals(Set.of(), SandboxContainers.named(names), "every sandbox container is removed:\n" + log);
  }

  @Test
  void aTwoHundredMegabytePrintIsCappedHonestlyByABrokerWithA256MegabyteHeap() throws Exception {
    SandboxImages.sandbox();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (NodeMcpClient client = NodeMcpClient.stdio(
        List.of(java, "-Xmx256m", "-jar", System.getProperty("kernelbroker.jar"), "--stdio"),
        Map.of("BROKER_WORKSPACE_DIR", Files.createTempDirectory("kb-heap").resolve("ws").toString(),
            "BROKER_SANDBOX_MEMORY", "2g"))) {
      CallOutcome huge = client.callTool("execute_python_code",
          McpJson.object().put("command", "kept = 1\nprint('x' * 200_000_000)\nprint('end')"));
      assertFalse(huge.isError(), huge.text().substring(0, Math.min(500, huge.text().length())));
      assertTrue(huge.text().startsWith("xxxx"), "the head is kept");
      assertTrue(huge.text().contains("end\n[kernel-broker] The whole output (200000005 characters) is in"),
          "the tail is kept, and where the whole output went is said: "
              + huge.text().substring(Math.max(0, huge.text().length() - 400)));
      assertTrue(huge.text().contains("characters were dropped"), "the cap is said");
      assertTrue(huge.text().length() < 200_000, "capped: " + huge.text().length());
      CallOutcome after = client.callTool("execute_python_code", McpJson.object().put("command", "print(kept)"));
      assertEquals("1", after.text().strip(), "the broker and the kernel survived");
    }
  }
}
