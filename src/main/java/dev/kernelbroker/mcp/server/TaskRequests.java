package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.McpMethod;
import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import dev.kernelbroker.mcp.protocol.TaskInfo;
import dev.kernelbroker.mcp.protocol.TaskSupport;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The MCP Tasks requests (2025-11-25): a task-augmented tools/call, tasks/get, tasks/result, tasks/list and
 * tasks/cancel, over a {@link TaskRunner}. Unknown task ids, another session's included, are invalid params.
 */
final class TaskRequests {
  static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
  private static final int PAGE_SIZE = 50;
  private static final String CURSOR_PREFIX = "after:";

  private final TaskRunner runner;

  TaskRequests(TaskRunner runner) {
    this.runner = runner;
  }

  static boolean speaksTasks(McpSession session) {
    return session.protocolVersion().map(v -> v.compareTo(ProtocolVersion.V2025_11_25) >= 0).orElse(false);
  }

  static void declare(ObjectNode capabilities) {
    ObjectNode tasks = capabilities.putObject("tasks");
    tasks.putObject("list");
    tasks.putObject("cancel");
    tasks.putObject("requests").putObject("tools").putObject("call");
  }

  /** A tools/call with params.task: starts the task and answers with a CreateTaskResult at once. */
  JsonNode create(McpSession session, McpTool tool, ObjectNode params) {
    if (tool.definition().taskSupport() == TaskSupport.FORBIDDEN) {
      throw JsonRpcException.methodNotFound("tools/call as a task: tool " + tool.definition().name()
          + " does not support tasks (no execution.taskSupport)");
    }
    JsonNode task = params.get("task");
    if (!task.isObject()) {
      throw JsonRpcException.invalidParams("task must be an object");
    }
    JsonNode ttl = task.get("ttl");
    if (ttl != null && !ttl.isNull() && (!ttl.isNumber() || ttl.asLong() < 1)) {
      throw JsonRpcException.invalidParams("task.ttl must be a positive number of milliseconds");
    }
    JsonNode arguments = params.get("arguments");
    if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
      throw JsonRpcException.invalidParams("arguments must be an object");
    }
    ObjectNode args = arguments instanceof ObjectNode object ? object : McpJson.object();
    Optional<Duration> asked = ttl == null || ttl.isNull() ? Optional.empty()
        : Optional.of(Duration.ofMillis(ttl.asLong()));
    TaskInfo info;
    try {
      info = runner.start(session, tool, args, asked, changed -> session.sendToStream(
          new JsonRpcMessage.Notification(McpMethod.TASK_STATUS.wire(), changed.toJson())));
    } catch (IllegalStateException e) {
      throw JsonRpcException.invalidRequest(e.getMessage());
    }
    ObjectNode result = McpJson.object();
    result.set("task", info.toJson());
    result.putObject("_meta").put("io.modelcontextprotocol/model-immediate-response", "Started as task "
        + info.taskId() + "; its result comes with tasks/result.");
    return result;
  }

  Future<JsonNode> handle(McpMethod method, McpSession session, ObjectNode params) {
    return switch (method) {
      case TASKS_GET -> Future.succeededFuture(runner.find(session, taskId(params))
          .orElseThrow(() -> notFound(params)).toJson());
      case TASKS_RESULT -> runner.result(session, taskId(params)).orElseThrow(() -> notFound(params))
          .map(result -> {
            ObjectNode json = result.toJson(session.protocolVersion().orElse(ProtocolVersion.LATEST));
            // The result's own _meta (usage, retry advice) stays beside the related-task entry.
            ObjectNode meta = json.has("_meta") ? (ObjectNode) json.get("_meta") : json.putObject("_meta");
            meta.putObject(RELATED_TASK).put("taskId", taskId(params));
            return json;
          });
      case TASKS_LIST -> Future.succeededFuture(list(session, params));
      case TASKS_CANCEL -> Future.succeededFuture(cancel(session, params));
      default -> throw new IllegalArgumentException("not a tasks request: " + method);
    };
  }

  private JsonNode cancel(McpSession session, ObjectNode params) {
    try {
      return runner.cancel(session, taskId(params)).orElseThrow(() -> notFound(params)).toJson();
    } catch (IllegalStateException e) {
      throw JsonRpcException.invalidParams(e.getMessage());
    }
  }

  private JsonNode list(McpSession session, ObjectNode params) {
    List<TaskInfo> all = runner.list(session);
    int from = 0;
    JsonNode cursor = params.get("cursor");
    if (cursor != null && !cursor.isNull()) {
      from = offset(cursor);
    }
    ObjectNode result = McpJson.object();
    ArrayNode tasks = result.putArray("tasks");
    int to = Math.min(all.size(), from + PAGE_SIZE);
    for (int i = from; i < to; i++) {
      tasks.add(all.get(i).toJson());
    }
    if (to < all.size()) {
      result.put("nextCursor", Base64.getUrlEncoder().withoutPadding()
          .encodeToString((CURSOR_PREFIX + to).getBytes(StandardCharsets.UTF_8)));
    }
    return result;
  }

  private static int offset(JsonNode cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor.asText()), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        int offset = Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through: not one of ours
    }
    throw JsonRpcException.invalidParams("cursor " + cursor + " is not one this server gave out");
  }

  private static String taskId(ObjectNode params) {
    JsonNode id = params.get("taskId");
    if (id == null || !id.isTextual()) {
      throw JsonRpcException.invalidParams("taskId must be a string");
    }
    return id.asText();
  }

  private static JsonRpcException notFound(ObjectNode params) {
    return JsonRpcException.invalidParams("Failed to retrieve task: task " + params.get("taskId").asText()
        + " not found in this session (it never existed, expired, or belongs to another session)");
  }
}
