package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.NodeMcpClient.TaskCall;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.TestBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs, MCP Tasks and defined tools through the official TypeScript client, against real kernels. One 20 s job and
 * one 20 s task (in two sessions, so they run side by side) are the only long waits; the other checks run meanwhile.
 */
@ExtendWith(DockerAvailable.class)
class JobsAndToolsIT {
  private static final String TICKS = "import time\nfor i in range(20):\n    print(f'%s {i}', flush=True)\n"
      + "    time.sleep(1)\n%s = 'finished'\n";
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

  @Test
  void longWorkRunsAsJobsAndTasksWhileToolsAreDefined() throws Exception {
    String url = broker.url("/mcp");
    NodeMcpClient first = NodeMcpClient.streamableHttp(url, null);
    String sessionId = first.connectedInfo().path("sessionId").asText();
    try (NodeMcpClient tasker = NodeMcpClient.streamableHttp(url, null).endingSessionOnClose();
        NodeMcpClient other = NodeMcpClient.streamableHttp(url, null).endingSessionOnClose()) {
      // A plain job: submitted, then its client goes away without ending the session.
      CallOutcome submitted = first.callTool("submit_job", McpJson.object().put("language", "python")
          .put("code", TICKS.formatted("job tick", "job_done")).put("timeout_seconds", 120));
      assertFalse(submitted.isError(), submitted.text());
      String jobId = json(submitted).path("job_id").asText();
      assertTrue(jobId.startsWith("job-"), submitted.text());
      first.close();

      // The same work as an MCP task in another session, through the SDK's experimental task API.
      JsonNode connected = tasker.connectedInfo();
      assertEquals("2025-11-25", connected.path("protocolVersion").asText());
      assertTrue(connected.at("/capabilities/tasks/requests/tools/call").isObject(), connected.toString());
      assertTrue(connected.at("/capabilities/tools/listChanged").asBoolean(), connected.toString());
      JsonNode execute = tool(tasker.listTools(), "execute_python_code");
      assertEquals("optional", execute.at("/execution/taskSupport").asText(), execute.toString());
      TaskCall task = tasker.callToolTask("execute_python_code",
          McpJson.object().put("command", TICKS.formatted("task tick", "task_done")));

      CompletableFuture<List<Long>> tail = CompletableFuture.supplyAsync(() -> tailJob(url, sessionId, jobId));
      definedToolsAndCancellation(other);
      String taskId = taskWhileItRuns(tasker, other, task);

      List<Long> sizes = tail.get(90, TimeUnit.SECONDS);
      assertTrue(sizes.size() >= 3 && sizes.get(0) < sizes.get(sizes.size() - 1),
          "the logs grew while the job ran, read from a new connection: " + sizes);

      JsonNode done = task.done().get(60, TimeUnit.SECONDS);
      assertTrue(done.path("ok").asBoolean(), done.toString());
      List<JsonNode> messages = list(done.at("/result/messages"));
      assertEquals("taskCreated", messages.get(0).path("type").asText(), messages.toString());
      JsonNode last = messages.get(messages.size() - 1);
      assertEquals("result", last.path("type").asText(), messages.toString());
      assertTrue(last.at("/result/content/0/text").asText().contains("task tick 19"), last.toString());
      assertTrue(messages.stream().anyMatch(m -> "working".equals(m.at("/task/status").asText())), messages.toString());
      await(() -> tasker.notifications().stream().anyMatch(n -> "notifications/tasks/status".equals(
          n.path("method").asText()) && "completed".equals(n.at("/params/status").asText())), "tasks/status");
      JsonNode result = tasker.command(McpJson.object().put("cmd", "getTaskResult").put("taskId", taskId));
      assertTrue(result.at("/result/content/0/text").asText().contains("task tick 19"), result.toString());
      assertEquals(taskId, result.at("/result/_meta/io.modelcontextprotocol~1related-task/taskId").asText());
      CallOutcome stateKept = tasker.callTool("execute_python_code", McpJson.object().put("command", "task_done"));
      assertTrue(stateKept.text().contains("finished"), "the task ran in the session's kernel: " + stateKept.text());

      // A task cancelled through the SDK: cancelled at once, and the kernel keeps its state.
      TaskCall loop = tasker.callToolTask("execute_python_code",
          McpJson.object().put("command", "import time\nwhile True:\n    time.sleep(0.2)"));
      await(() -> !loop.messages().isEmpty(), "the looping task's CreateTaskResult");
      String loopId = loop.messages().get(0).at("/task/taskId").asText();
      JsonNode cancelled = tasker.command(McpJson.object().put("cmd", "cancelTask").put("taskId", loopId));
      assertEquals("cancelled", cancelled.at("/result/status").asText(), cancelled.toString());
      JsonNode ended = loop.done().get(30, TimeUnit.SECONDS);
      assertTrue(ended.toString().contains("was cancelled"), "the SDK's stream ends with the cancellation: " + ended);
      await(() -> {
        try {
          return tasker.command(McpJson.object().put("cmd", "getTask").put("taskId", loopId))
              .at("/result/statusMessage").asText().contains("state was kept");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "the cancelled task's message saying the state was kept");
      assertTrue(tasker.callTool("execute_python_code", McpJson.object().put("command", "task_done")).text()
          .contains("finished"));
    }
  }

  /** Reads the job from a new connection with the same session id, tailing it until it ends. */
  private static List<Long> tailJob(String url, String sessionId, String jobId) {
    List<Long> sizes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (NodeMcpClient again = NodeMcpClient.resumeStreamableHttp(url, sessionId, "2025-11-25")
        .endingSessionOnClose()) {
      long offset = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80);
      String status = "";
      while (!status.equals("completed")) {
        assertTrue(System.nanoTime() < deadline, "the job did not complete in time: " + status + " " + text);
        JsonNode page = json(again.callTool("get_job_logs", McpJson.object().put("job_id", jobId)
            .put("offset", offset)));
        text.append(page.path("text").asText());
        offset = page.path("next_offset").asLong();
        status = page.path("status").asText();
        assertFalse(List.of("failed", "cancelled").contains(status), page.toString());
        if (status.equals("running")) {
          sizes.add(page.path("total_chars").asLong());
        }
        Thread.sleep(2000);
      }
      assertTrue(text.toString().contains("job tick 0\njob tick 1\n") && text.toString().contains("job tick 19"),
          text.toString());
      JsonNode status2 = json(again.callTool("check_job_status", McpJson.object().put("job_id", jobId)));
      assertEquals("completed", status2.path("status").asText(), status2.toString());
      assertTrue(status2.path("elapsed_seconds").asDouble() >= 19, status2.toString());
      CallOutcome kept = again.callTool("execute_python_code", McpJson.object().put("command", "job_done"));
      assertTrue(kept.text().contains("finished"), "the job ran in the session's own kernel: " + kept.text());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return sizes;
  }

  private static String taskWhileItRuns(NodeMcpClient tasker, NodeMcpClient other, TaskCall task) throws Exception {
    await(() -> !task.messages().isEmpty(), "the task's CreateTaskResult");
    String taskId = task.messages().get(0).at("/task/taskId").asText();
    JsonNode got = tasker.command(McpJson.object().put("cmd", "getTask").put("taskId", taskId));
    assertEquals("working", got.at("/result/status").asText(), got.toString());
    JsonNode listed = tasker.command(McpJson.object().put("cmd", "listTasks"));
    assertTrue(listed.at("/result/tasks").toString().contains(taskId), listed.toString());
    JsonNode foreign = other.command(McpJson.object().put("cmd", "getTask").put("taskId", taskId));
    assertFalse(foreign.path("ok").asBoolean(), "another session's task is not found: " + foreign);
    assertEquals(-32602, foreign.at("/error/code").asInt(), foreign.toString());
    // A task is a job underneath: its output can be tailed too.
    await(() -> logs(tasker, taskId).contains("task tick 1"), "the task's output so far");
    return taskId;
  }

  private static void definedToolsAndCancellation(NodeMcpClient client) throws Exception {
    assertFalse(client.callTool("execute_python_code", McpJson.object().put("command", "SCALE = 10")).isError());
    String source = "from typing import Literal\n\n"
        + "def rect_area(width: float, height: float = 2.0, unit: Literal['m', 'cm'] = 'm') -> dict:\n"
        + "    \"\"\"Area of a rectangle, times SCALE.\n\n    Args:\n        width: how wide\n"
        + "        height: how high\n    \"\"\"\n"
        + "    print('computing')\n    return {'area': width * height * SCALE, 'unit': unit}\n";
    CallOutcome defined = client.callTool("define_tool", McpJson.object().put("source", source));
    assertFalse(defined.isError(), defined.text());
    await(() -> client.notifications().stream().anyMatch(n -> n.path("method").asText()
        .equals("notifications/tools/list_changed")), "tools/list_changed");
    JsonNode rect = tool(client.listTools(), "rect_area");
    assertTrue(rect.path("description").asText().startsWith("Area of a rectangle"), rect.toString());
    assertEquals("number", rect.at("/inputSchema/properties/width/type").asText(), rect.toString());
    assertEquals("how wide", rect.at("/inputSchema/properties/width/description").asText(), rect.toString());
    assertEquals("[\"m\",\"cm\"]", rect.at("/inputSchema/properties/unit/enum").toString(), rect.toString());
    assertEquals("[\"width\"]", rect.at("/inputSchema/required").toString(), rect.toString());

    CallOutcome area = client.callTool("rect_area", McpJson.object().put("width", 3).put("unit", "cm"));
    assertFalse(area.isError(), area.text());
    assertEquals(60.0, area.result().at("/structuredContent/result/area").asDouble(), area.result().toString());
    assertEquals("cm", area.result().at("/structuredContent/result/unit").asText());
    assertTrue(area.text().contains("computing"), "what it printed is in the text: " + area.text());
    CallOutcome wrong = client.callTool("rect_area", McpJson.object().put("width", "wide"));
    assertTrue(wrong.isError() && wrong.text().contains("'width' must be a number"), wrong.text());
    assertTrue(client.callTool("execute_python_code", McpJson.object().put("command", "print('rect_area' in dir())"))
        .text().contains("False"), "defining and calling a tool leaves the session's names alone");

    assertRefused(client, "def broken(x: int:\n    pass", "does not parse");
    assertRefused(client, "def f(x: set[int]) -> int:\n    \"\"\"Doc.\"\"\"\n    return 1", "unsupported type hint");
    assertRefused(client, "def f(x: int):\n    return x", "docstring");
    assertRefused(client, "def submit_job(x: int) -> int:\n    \"\"\"Doc.\"\"\"\n    return x", "built-in");

    int before = client.notifications().size();
    assertFalse(client.callTool("remove_tool", McpJson.object().put("name", "rect_area")).isError());
    await(() -> client.notifications().size() > before, "a second tools/list_changed");
    assertFalse(client.listTools().toString().contains("rect_area"));
    assertTrue(client.callTool("remove_tool", McpJson.object().put("name", "rect_area")).isError());

    // A job cancelled while it runs: interrupted, said so, and the kernel keeps its state.
    CallOutcome looping = client.callTool("submit_job", McpJson.object().put("language", "python")
        .put("code", "cancel_me = 7\nprint('ready', flush=True)\nimport time\nwhile True:\n    time.sleep(0.2)"));
    String jobId = json(looping).path("job_id").asText();
    await(() -> logs(client, jobId).contains("ready"), "the job to be inside its loop");
    assertEquals("running", status(client, jobId));
    JsonNode cancelled = json(client.callTool("cancel_job", McpJson.object().put("job_id", jobId)));
    assertEquals("cancelled", cancelled.path("status").asText(), cancelled.toString());
    assertTrue(cancelled.path("message").asText().contains("state was kept"), cancelled.toString());
    assertTrue(client.callTool("cancel_job", McpJson.object().put("job_id", jobId)).isError());
    CallOutcome survived = client.callTool("execute_python_code", McpJson.object().put("command", "cancel_me"));
    assertTrue(survived.text().contains("7"), survived.text());
    assertTrue(client.callTool("check_job_status", McpJson.object().put("job_id", "job-nope")).isError());
  }

  private static void assertRefused(NodeMcpClient client, String source, String why) throws Exception {
    CallOutcome refused = client.callTool("define_tool", McpJson.object().put("source", source));
    assertTrue(refused.isError(), refused.text());
    assertTrue(refused.text().contains(why), "expected '" + why + "' in: " + refused.text());
  }

  private static String status(NodeMcpClient client, String jobId) {
    try {
      return json(client.callTool("check_job_status", McpJson.object().put("job_id", jobId))).path("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String logs(NodeMcpClient client, String jobId) {
    try {
      return json(client.callTool("get_job_logs", McpJson.object().put("job_id", jobId))).path("text").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode tool(JsonNode listed, String name) {
    for (JsonNode t : listed.path("tools")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no tool " + name + " in " + listed);
  }

  private static JsonNode json(CallOutcome outcome) throws Exception {
    assertFalse(outcome.isError(), outcome.text());
    return McpJson.MAPPER.readTree(outcome.text());
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      Thread.sleep(200);
    }
  }
}
