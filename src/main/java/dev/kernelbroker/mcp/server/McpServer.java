package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ClientInfo;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage.Notification;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage.Request;
import dev.kernelbroker.mcp.protocol.LogLevel;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.McpMethod;
import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import dev.kernelbroker.mcp.protocol.RequestId;
import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.ResourcePage;
import dev.kernelbroker.mcp.protocol.ResourceTemplate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The transport-independent MCP dispatcher. Two error channels: a message the server cannot serve
 * gets a JSON-RPC error; a tool that fails gets a result with isError so the model can react.
 */
public final class McpServer {
  static final Duration DEFAULT_MAX_PROGRESS_SILENCE = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final String name;
  private final String version;
  private final String instructions;
  private final Map<String, McpTool> tools = new LinkedHashMap<>();
  private final Duration maxProgressSilence;
  private final SessionTools sessionTools;
  private final TaskRequests tasks;
  private volatile ResourceProvider resources;

  public McpServer(Vertx vertx, String name, String version, String instructions, List<McpTool> tools) {
    this(vertx, name, version, instructions, tools, DEFAULT_MAX_PROGRESS_SILENCE);
  }

  /** With tools of each session's own (null: none) and MCP Tasks (null: not offered). */
  public McpServer(Vertx vertx, String name, String version, String instructions, List<McpTool> tools,
      SessionTools sessionTools, TaskRunner taskRunner) {
    this(vertx, name, version, instructions, tools, DEFAULT_MAX_PROGRESS_SILENCE, sessionTools, taskRunner);
  }

  McpServer(Vertx vertx, String name, String version, String instructions, List<McpTool> tools,
      Duration maxProgressSilence) {
    this(vertx, name, version, instructions, tools, maxProgressSilence, null, null);
  }

  McpServer(Vertx vertx, String name, String version, String instructions, List<McpTool> tools,
      Duration maxProgressSilence, SessionTools sessionTools, TaskRunner taskRunner) {
    this.sessionTools = sessionTools;
    this.tasks = taskRunner == null ? null : new TaskRequests(taskRunner);
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.name = Objects.requireNonNull(name, "name");
    this.version = Objects.requireNonNull(version, "version");
    this.instructions = instructions;
    this.maxProgressSilence = maxProgressSilence;
    for (McpTool tool : tools) {
      if (this.tools.putIfAbsent(tool.definition().name(), tool) != null) {
        throw new IllegalArgumentException("duplicate tool name " + tool.definition().name());
      }
    }
    if (sessionTools != null) {
      sessionTools.reserve(this.tools.keySet());
    }
  }

  /** Serves resources from {@code provider} and declares the capability; before any session initializes. */
  public McpServer withResources(ResourceProvider provider) {
    this.resources = Objects.requireNonNull(provider, "provider");
    return this;
  }

  /**
   * Serves one incoming message. The Future holds the answer to send, empty for notifications,
   * responses and cancelled calls; it never fails. Progress for the call goes to requestSink.
   */
  public Future<Optional<JsonRpcMessage>> handle(
      McpSession session, JsonRpcMessage message, MessageSink requestSink) {
    session.touch();
    if (message instanceof Request request) {
      return answer(session, request, requestSink);
    }
    if (message instanceof Notification notification) {
      onNotification(session, notification);
    }
    // Responses and errors would answer server→client requests, and this server sends none.
    return Future.succeededFuture(Optional.empty());
  }

  private Future<Optional<JsonRpcMessage>> answer(
      McpSession session, Request request, MessageSink requestSink) {
    Future<JsonNode> result;
    try {
      result = dispatch(session, request, requestSink);
    } catch (JsonRpcException e) {
      result = Future.failedFuture(e);
    }
    return result.<Optional<JsonRpcMessage>>map(json -> Optional.of(new JsonRpcMessage.Response(request.id(), json)))
        .recover(failure -> Future.succeededFuture(errorAnswer(request.id(), failure)));
  }

  private Future<JsonNode> dispatch(McpSession session, Request request, MessageSink requestSink) {
    McpMethod method = McpMethod.fromWire(request.method())
        .orElseThrow(() -> JsonRpcException.methodNotFound(request.method()));
    if (!session.isInitialized() && method != McpMethod.INITIALIZE && method != McpMethod.PING) {
      throw JsonRpcException.invalidRequest("the session is not initialized; send initialize first");
    }
    return switch (method) {
      case INITIALIZE -> Future.succeededFuture(initialize(session, request.params()));
      case PING -> Future.succeededFuture(McpJson.object());
      case TOOLS_LIST -> Future.succeededFuture(listTools(session));
      case TOOLS_CALL -> request.params().has("task") && tasks != null && TaskRequests.speaksTasks(session)
          ? Future.succeededFuture(tasks.create(session, findTool(session, request.params()), request.params()))
          : new ToolCall(vertx, session, request, requestSink, maxProgressSilence)
              .run(findTool(session, request.params()));
      case TASKS_GET, TASKS_RESULT, TASKS_LIST, TASKS_CANCEL -> {
        if (tasks == null || !TaskRequests.speaksTasks(session)) {
          throw JsonRpcException.methodNotFound(request.method() + " (tasks need protocol 2025-11-25)");
        }
        yield tasks.handle(method, session, request.params());
      }
      case LOGGING_SET_LEVEL -> Future.succeededFuture(setLevel(session, request.params()));
      case RESOURCES_LIST -> resources().list(session, cursorOf(request.params())).map(ResourcePage::toJson);
      case RESOURCES_READ -> resources().read(session, uriOf(request.params())).map(McpServer::contentsJson);
      case RESOURCES_TEMPLATES_LIST -> Future.succeededFuture(templatesJson(resources().templates()));
      case INITIALIZED, CANCELLED, PROGRESS, LOG_MESSAGE, TOOLS_LIST_CHANGED, TASK_STATUS, RESOURCES_LIST_CHANGED ->
          throw JsonRpcException.methodNotFound(
          request.method() + " is a notification, not a request");
    };
  }

  private void onNotification(McpSession session, Notification notification) {
    Optional<McpMethod> method = McpMethod.fromWire(notification.method());
    if (method.isEmpty()) {
      return; // Unknown notifications are ignored, as JSON-RPC wants.
    }
    switch (method.get()) {
      case CANCELLED -> requestIdOf(notification.params()).ifPresent(session::cancelCall);
      case INITIALIZED, PROGRESS, LOG_MESSAGE, INITIALIZE, PING, TOOLS_LIST, TOOLS_CALL,
          LOGGING_SET_LEVEL, TOOLS_LIST_CHANGED, TASKS_GET, TASKS_RESULT, TASKS_LIST, TASKS_CANCEL,
          TASK_STATUS, RESOURCES_LIST, RESOURCES_READ, RESOURCES_TEMPLATES_LIST, RESOURCES_LIST_CHANGED -> { }
    }
  }

  private JsonNode initialize(McpSession session, ObjectNode params) {
    JsonNode requested = params.get("protocolVersion");
    if (requested == null || !requested.isTextual()) {
      throw JsonRpcException.invalidParams("protocolVersion must be a string");
    }
    if (session.isInitialized()) {
      throw JsonRpcException.invalidRequest("the session is already initialized");
    }
    ProtocolVersion negotiated = ProtocolVersion.negotiate(requested.asText());
    session.initialize(negotiated, ClientInfo.fromJson(params.path("clientInfo")));
    ObjectNode result = McpJson.object().put("protocolVersion", negotiated.wire());
    ObjectNode capabilities = result.putObject("capabilities");
    capabilities.putObject("tools").put("listChanged", sessionTools != null);
    capabilities.putObject("logging");
    if (tasks != null && TaskRequests.speaksTasks(session)) {
      TaskRequests.declare(capabilities);
    }
    if (resources != null) {
      capabilities.putObject("resources").put("listChanged", true);
    }
    result.putObject("serverInfo").put("name", name).put("version", version);
    if (instructions != null && !instructions.isBlank()) {
      result.put("instructions", instructions);
    }
    return result;
  }

  private JsonNode listTools(McpSession session) {
    ObjectNode result = McpJson.object();
    ArrayNode list = result.putArray("tools");
    ProtocolVersion version = session.protocolVersion().orElse(ProtocolVersion.LATEST);
    tools.values().forEach(tool -> list.add(tool.definition().toJson(version)));
    if (sessionTools != null) {
      sessionTools.of(session).forEach(tool -> list.add(tool.definition().toJson(version)));
    }
    return result;
  }

  private McpTool findTool(McpSession session, ObjectNode params) {
    JsonNode toolName = params.get("name");
    if (toolName == null || !toolName.isTextual()) {
      throw JsonRpcException.invalidParams("name must be a string");
    }
    McpTool tool = tools.get(toolName.asText());
    if (tool == null && sessionTools != null) {
      tool = sessionTools.find(session, toolName.asText()).orElse(null);
    }
    if (tool == null) {
      throw JsonRpcException.invalidParams("unknown tool " + toolName.asText());
    }
    return tool;
  }

  private ResourceProvider resources() {
    ResourceProvider provider = resources;
    if (provider == null) {
      throw JsonRpcException.methodNotFound("resources are not served here");
    }
    return provider;
  }

  private static String cursorOf(ObjectNode params) {
    JsonNode cursor = params.get("cursor");
    if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
      throw JsonRpcException.invalidParams("cursor must be a string");
    }
    return cursor == null || cursor.isNull() ? null : cursor.asText();
  }

  private static String uriOf(ObjectNode params) {
    JsonNode uri = params.get("uri");
    if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
      throw JsonRpcException.invalidParams("uri must be a non-empty string");
    }
    return uri.asText();
  }

  private static JsonNode contentsJson(List<ResourceContents> contents) {
    ObjectNode result = McpJson.object();
    ArrayNode list = result.putArray("contents");
    contents.forEach(c -> list.add(c.toJson()));
    return result;
  }

  private static JsonNode templatesJson(List<ResourceTemplate> templates) {
    ObjectNode result = McpJson.object();
    ArrayNode list = result.putArray("resourceTemplates");
    templates.forEach(t -> list.add(t.toJson()));
    return result;
  }

  private static JsonNode setLevel(McpSession session, ObjectNode params) {
    LogLevel level = LogLevel.fromWire(params.path("level").asText(null))
        .orElseThrow(() -> JsonRpcException.invalidParams("level must be one of debug, info, notice, "
            + "warning, error, critical, alert, emergency"));
    session.setLogLevel(level);
    return McpJson.object();
  }

  private static Optional<RequestId> requestIdOf(ObjectNode params) {
    JsonNode id = params.get("requestId");
    return id != null && (id.isTextual() || id.isIntegralNumber())
        ? Optional.of(new RequestId(id))
        : Optional.empty();
  }

  private static Optional<JsonRpcMessage> errorAnswer(RequestId id, Throwable failure) {
    if (failure instanceof ToolCall.Cancelled) {
      return Optional.empty(); // A cancelled request gets no response at all.
    }
    JsonRpcException error = failure instanceof JsonRpcException rpc
        ? rpc
        : JsonRpcException.internalError(String.valueOf(failure.getMessage()));
    return Optional.of(new JsonRpcMessage.ErrorResponse(id, error.error()));
  }
}
