package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.TestBroker;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole broker through the official MCP TypeScript client, over SSE and Streamable HTTP. */
@ExtendWith(DockerAvailable.class)
class BrokerHttpIT {
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new TestBroker();
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static NodeMcpClient connect(String transport) throws Exception {
    return transport.equals("sse")
        ? NodeMcpClient.sse(broker.url("/sse"), null)
        : NodeMcpClient.streamableHttp(broker.url("/mcp"), null);
  }

  static ObjectNode code(String command) {
    return McpJson.object().put("command", command);
  }

  static CallOutcome python(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_python_code", code(command));
  }

  static CallOutcome bash(NodeMcpClient client, String command) throws Exception {
    return client.callTool("execute_bash_code", code(command));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void listsTheToolsWithTheirSchemas(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      List<String> names = new ArrayList<>();
      JsonNode tools = client.listTools().path("tools");
      tools.forEach(t -> names.add(t.path("name").asText()));
      assertEquals(List.of("execute_python_code", "execute_bash_code", "execute_javascript_code", "install_packages",
          "get_kernel_status", "upload_file", "download_file", "list_files", "export_notebook", "submit_job",
          "check_job_status", "get_job_logs", "cancel_job", "define_tool", "remove_tool"), names);
      JsonNode schema = tools.get(0).path("inputSchema");
      assertEquals("string", schema.at("/properties/command/type").asText());
      assertEquals("integer", schema.at("/properties/timeout_seconds/type").asText());
      assertEquals("command", schema.at("/required/0").asText());
      assertTrue(tools.get(0).path("description").asText().contains("/workspace"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http"})
  void pythonAndBashStatePersistAcrossCalls(String transport) throws Exception {
    try (NodeMcpClient client = connect(transport)) {
      assertFalse(python(client, "import math\nx = 41").isError());
      CallOutcome value = python(client, "x + 1");
      assertFalse(value.isError(), value.text());
      assertTrue(value.text().contains("42"), value.text());

      assertFalse(bash(client, "cd /tmp && export GREETING=hello && counter=3").isError());
      CallOutcome shell = bash(client, "echo \"$(pwd) $GREETING $counter\"");
      assertEquals("/tmp hello 3", shell.text().strip());
    }
  }

  @Test
  void anExceptionIsAnErrorResultWithItsTraceback() throws Exception {
    try (NodeMcpClient client = connect("http")) {
      CallOutcome failed = python(client, "def f():\n    return 1 / 0\nf()");
      assertTrue(failed.ok(), "a code error is a tool result, not a protocol error");
      assertTrue(failed.isError());
      assertTrue(failed.text().contains("ZeroDivisionError"), failed.text());
      assertTrue(failed.text().contains("return 1 / 0"), "the traceback shows the failing line: " + failed.text());
      assertFalse(failed.text().contains("\u001b["), "no ANSI colour codes");

      CallOutcome exit = bash(client, "echo partial; ls /no/such/dir");
      assertTrue(exit.isError(), exit.text());
      assertTrue(exit.text().contains("partial") && exit.text().contains("[stderr]"), exit.text());
    }
  }

  @Test
  void aPlotComesBackAsAnImageItem() throws Exception {
    try (NodeMcpClient client = connect("sse")) {
      CallOutcome plot = python(client, "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2])\nplt.show()");
      assertFalse(plot.isError(), plot.text());
      JsonNode image = plot.result().path("content").path(1);
      assertEquals("image", image.path("type").asText(), plot.result().toString());
      assertEquals("image/png", image.path("mimeType").asText());
      byte[] png = Base64.getDecoder().decode(image.path("data").asText());
      assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  @Test
  void twoClientsNeverSeeEachOthersState() throws Exception {
    try (NodeMcpClient alice = connect("http"); NodeMcpClient bob = connect("sse")) {
      python(alice, "secret = 'alice'");
      bash(alice, "export SECRET=alice");
      assertTrue(python(bob, "print('secret' in globals())").text().contains("False"));
      assertEquals("unset", bash(bob, "echo ${SECRET:-unset}").text().strip());
      assertTrue(python(alice, "print(secret)").text().contains("alice"));
    }
  }

  @Test
  void aTimeoutReturnsInTimeAndKeepsTheSessionsVariables() throws Exception {
    try (NodeMcpClient client = connect("http")) {
      python(client, "kept = 7");
      long started = System.nanoTime();
      CallOutcome timedOut = client.callTool("execute_python_code",
          code("while True:\n    pass").put("timeout_seconds", 2));
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      assertTrue(timedOut.isError(), timedOut.text());
      assertTrue(seconds < 10, "returned after " + seconds + " s");
      assertTrue(timedOut.text().toLowerCase().contains("timed out"), timedOut.text());
      assertTrue(timedOut.text().contains("kept"), timedOut.text());
      assertTrue(python(client, "print(kept)").text().contains("7"));
    }
  }

  @Test
  void cancellingACallInterruptsTheCell() throws Exception {
    try (NodeMcpClient client = connect("http")) {
      python(client, "survivor = 'still here'");
      CallOutcome cancelled = client.callToolAsync("execute_python_code",
          code("import time\ntime.sleep(60)"), false, 1500L).get(20, TimeUnit.SECONDS);
      assertFalse(cancelled.ok(), "the client gave up on the call: " + cancelled);
      long started = System.nanoTime();
      CallOutcome after = python(client, "print(survivor)");
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      assertTrue(after.text().contains("still here"), after.text());
      assertTrue(seconds < 10, "the next call waited " + seconds + " s: the sleep was not interrupted");
    }
  }

  @Test
  void progressArrivesWhileALongCellRuns() throws Exception {
    try (NodeMcpClient client = connect("http")) {
      CallOutcome slow = client.callToolAsync("execute_python_code",
          code("import time\nfor i in range(7):\n    print('step', i, flush=True)\n    time.sleep(1)"), true, null)
          .get(30, TimeUnit.SECONDS);
      assertFalse(slow.isError(), slow.text());
      assertTrue(slow.progress().size() >= 3, "progress notifications: " + slow.progress());
      double last = -1;
      for (JsonNode p : slow.progress()) {
        assertTrue(p.path("progress").asDouble() > last, "progress must increase: " + slow.progress());
        last = p.path("progress").asDouble();
      }
      assertTrue(slow.progress().stream().anyMatch(p -> p.path("message").asText().startsWith("step")),
          slow.progress().toString());
    }
  }

  @Test
  void endingTheSessionShutsItsKernelsDown() throws Exception {
    try (NodeMcpClient client = connect("http")) {
      python(client, "1");
      int before = broker.broker().sessions().size();
      client.terminateSession();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (broker.broker().sessions().size() >= before && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(before - 1, broker.broker().sessions().size());
    }
  }
}
