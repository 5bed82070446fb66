package dev.kernelbroker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.config.JobSettings;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.TaskSupport;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.MessageSink;
import dev.kernelbroker.mcp.server.SessionTools;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MCP Tasks and per-session tools at the protocol level, over the real job registry (no kernels needed). */
class McpTasksTest {
  private final Vertx vertx = Vertx.vertx();
  private final JobRegistry jobs = new JobRegistry(vertx, new JobSettings(Duration.ofMinutes(5), 10), 1000);
  private final SessionTools sessionTools = new SessionTools(2);
  private final Promise<CallToolResult> pending = Promise.promise();
  private final McpServer server = new McpServer(vertx, "t", "1", null, List.of(
      tool("slow", TaskSupport.OPTIONAL, pending.future()),
      tool("quick", TaskSupport.FORBIDDEN, Future.succeededFuture(CallToolResult.text("now")))),
      sessionTools, new JobTasks(jobs));

  @AfterEach
  void stop() throws Exception {
    jobs.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static McpTool tool(String name, TaskSupport support, Future<CallToolResult> result) {
    ToolDefinition definition = new ToolDefinition(name, name + " tool", ToolDefinition.noArguments(), null, support);
    return new McpTool() {
      public ToolDefinition definition() {
        return definition;
      }

      public Future<CallToolResult> call(ToolInvocation invocation) {
        return result;
      }
    };
  }

  private JsonNode send(McpSession session, String method, String params) throws Exception {
    String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    return server.handle(session, JsonRpcCodec.decode(json), MessageSink.DISCARD).toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().toJson();
  }

  private McpSession session(String version, List<JsonRpcMessage> stream) throws Exception {
    McpSession session = McpSession.create(McpSession.Transport.STREAMABLE_HTTP);
    session.attachStream(stream::add);
    JsonNode init = send(session, "initialize", "{\"protocolVersion\":\"" + version + "\"}");
    assertEquals(version, init.at("/result/protocolVersion").asText());
    return session;
  }

  @Test
  void aTaskRunsPastItsRequestAndIsSeenOnlyByItsSession() throws Exception {
    List<JsonRpcMessage> stream = new CopyOnWriteArrayList<>();
    McpSession session = session("2025-11-25", stream);
    McpSession stranger = session("2025-11-25", new CopyOnWriteArrayList<>());
    JsonNode tools = send(session, "tools/list", "{}");
    assertEquals("optional", tools.at("/result/tools/0/execution/taskSupport").asText());
    assertTrue(tools.at("/result/tools/1/execution").isMissingNode(), "forbidden is the default, left off");

    JsonNode created = send(session, "tools/call", "{\"name\":\"slow\",\"task\":{\"ttl\":60000}}");
    String taskId = created.at("/result/task/taskId").asText();
    assertEquals("working", created.at("/result/task/status").asText(), created.toString());
    assertEquals(1000, created.at("/result/task/pollInterval").asInt());
    assertTrue(created.at("/result/task/ttl").asLong() >= 60_000, created.toString());
    assertEquals("working", send(session, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").at("/result/status")
        .asText());
    assertEquals(taskId, send(session, "tasks/list", "{}").at("/result/tasks/0/taskId").asText());
    assertEquals(-32602, send(stranger, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").at("/error/code").asInt());
    assertEquals(0, send(stranger, "tasks/list", "{}").at("/result/tasks").size());
    assertEquals(-32602, send(session, "tasks/list", "{\"cursor\":\"bogus\"}").at("/error/code").asInt());
    assertEquals(-32601, send(session, "tools/call", "{\"name\":\"quick\",\"task\":{}}").at("/error/code").asInt());

    Future<java.util.Optional<JsonRpcMessage>> result = server.handle(session, JsonRpcCodec.decode(
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tasks/result\",\"params\":{\"taskId\":\"" + taskId + "\"}}"),
        MessageSink.DISCARD);
    Thread.sleep(200);
    assertFalse(result.isComplete(), "tasks/result waits for the end");
    pending.complete(CallToolResult.text("done at last"));
    JsonNode answer = result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().toJson();
    assertEquals("done at last", answer.at("/result/content/0/text").asText());
    assertEquals(taskId, answer.at("/result/_meta/io.modelcontextprotocol~1related-task/taskId").asText());
    assertEquals("completed", send(session, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").at("/result/status")
        .asText());
    JsonNode notice = stream.get(stream.size() - 1).toJson();
    assertEquals("notifications/tasks/status", notice.path("method").asText());
    assertEquals("completed", notice.at("/params/status").asText());
    assertEquals(-32602, send(session, "tasks/cancel", "{\"taskId\":\"" + taskId + "\"}").at("/error/code").asInt(),
        "a terminal task cannot be cancelled");
  }

  @Test
  void aCancelledTaskIsCancelledAtOnceAndStaysSo() throws Exception {
    McpSession session = session("2025-11-25", new CopyOnWriteArrayList<>());
    String taskId = send(session, "tools/call", "{\"name\":\"slow\",\"task\":{}}").at("/result/task/taskId").asText();
    JsonNode cancelled = send(session, "tasks/cancel", "{\"taskId\":\"" + taskId + "\"}");
    assertEquals("cancelled", cancelled.at("/result/status").asText(), cancelled.toString());
    pending.complete(CallToolResult.text("too late"));
    assertEquals("cancelled", send(session, "tasks/get", "{\"taskId\":\"" + taskId + "\"}").at("/result/status")
        .asText());
    session.close();
    assertEquals(List.of(), jobs.list(session), "a session's jobs go with it");
  }

  @Test
  void olderSessionsSeeNoTasksAndRunTaskCallsPlainly() throws Exception {
    McpSession session = session("2025-06-18", new CopyOnWriteArrayList<>());
    assertTrue(send(session, "tools/list", "{}").at("/result/tools/0/execution").isMissingNode());
    assertEquals(-32601, send(session, "tasks/list", "{}").at("/error/code").asInt());
    JsonNode plain = send(session, "tools/call", "{\"name\":\"quick\",\"task\":{}}");
    assertEquals("now", plain.at("/result/content/0/text").asText(), "task metadata is ignored: " + plain);
  }

  @Test
  void sessionToolsAreListedForTheirSessionOnlyAndChangesAreAnnounced() throws Exception {
    List<JsonRpcMessage> stream = new CopyOnWriteArrayList<>();
    McpSession mine = session("2025-06-18", stream);
    McpSession theirs = session("2025-06-18", new CopyOnWriteArrayList<>());
    assertTrue(send(mine, "initialize", "{\"protocolVersion\":\"2025-06-18\"}").has("error"));
    sessionTools.put(mine, tool("extra", TaskSupport.FORBIDDEN, Future.succeededFuture(CallToolResult.text("x"))));
    assertEquals("notifications/tools/list_changed", stream.get(0).toJson().path("method").asText());
    assertEquals(3, send(mine, "tools/list", "{}").at("/result/tools").size());
    assertEquals(2, send(theirs, "tools/list", "{}").at("/result/tools").size());
    assertEquals("x", send(mine, "tools/call", "{\"name\":\"extra\"}").at("/result/content/0/text").asText());
    assertTrue(send(theirs, "tools/call", "{\"name\":\"extra\"}").has("error"));
    assertThrows(IllegalArgumentException.class, () -> sessionTools.put(mine,
        tool("quick", TaskSupport.FORBIDDEN, Future.succeededFuture(CallToolResult.text("x")))));
    assertTrue(sessionTools.remove(mine, "extra"));
    assertEquals(2, stream.size());
    assertEquals(2, send(mine, "tools/list", "{}").at("/result/tools").size());
  }
}
