package dev.kernelbroker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.customtools.CustomToolSpec;
import dev.kernelbroker.customtools.CustomTools;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/parse-custom-tool} and {@code POST /v1/execute-custom-tool}, as bee names them: the source of one
 * Python function becomes a tool description, or is called with JSON arguments. Both run in the chat's own Python
 * kernel (the source is untrusted and never runs on the host), so a chat_id is required, as for /v1/execute.
 */
final class CustomToolEndpoint {
  private final ChatSessions chats;
  private final CustomTools tools;

  CustomToolEndpoint(ChatSessions chats, CustomTools tools) {
    this.chats = chats;
    this.tools = tools;
  }

  /** {@code tool_source_code} → {@code tool_name}, {@code tool_description}, {@code tool_input_schema_json}. */
  Future<Void> parse(RoutingContext ctx) {
    JsonObject body = RestEndpoint.jsonBody(ctx);
    return parsed(ctx, body).map(spec -> {
      RestReply.json(ctx, 200, describe(spec));
      return null;
    });
  }

  /**
   * {@code tool_source_code} and {@code tool_input_json} (a JSON object, or a string holding one) → the function's
   * value as {@code tool_output_json} (a string of JSON, as bee has it) and {@code tool_output}; a function that
   * raises is {@code ok: false} with its error and traceback, and the chat's kernel lives on.
   */
  Future<Void> execute(RoutingContext ctx) {
    JsonObject body = RestEndpoint.jsonBody(ctx);
    ObjectNode arguments = arguments(body.getValue("tool_input_json"));
    KernelSession session = chats.obtain(chatId(body));
    return parsed(ctx, body).compose(spec -> tools.execute(session, spec, arguments).map(outcome -> {
      JsonObject answer = describe(spec).put("ok", outcome.ok()).put("stdout", outcome.printed());
      if (outcome.ok()) {
        answer.put("tool_output_json", outcome.value().toString())
            .put("tool_output", io.vertx.core.json.Json.decodeValue(outcome.value().toString()));
      } else {
        answer.put("error", outcome.error()).put("traceback", outcome.details());
      }
      RestReply.json(ctx, 200, answer);
      return null;
    }));
  }

  private Future<CustomToolSpec> parsed(RoutingContext ctx, JsonObject body) {
    if (!(body.getValue("tool_source_code") instanceof String source)) {
      throw RestException.badRequest("tool_source_code is required: the source of one Python function with type"
          + " hints and a docstring");
    }
    KernelSession session = chats.obtain(chatId(body));
    session.chargeTo(McpHttpServer.clientOf(ctx));
    return tools.parse(session, source).recover(e -> Future.failedFuture(e instanceof IllegalArgumentException
        ? RestException.badRequest("tool_source_code was refused: " + e.getMessage()) : e));
  }

  private static String chatId(JsonObject body) {
    return body.getValue("chat_id") instanceof String id ? id : null;
  }

  private static JsonObject describe(CustomToolSpec spec) {
    return new JsonObject().put("tool_name", spec.name()).put("tool_description", spec.description())
        .put("tool_input_schema_json", spec.inputSchema().toString());
  }

  private static ObjectNode arguments(Object value) {
    if (value == null) {
      return McpJson.object();
    }
    try {
      JsonNode node = McpJson.MAPPER.readTree(value instanceof String s ? s : io.vertx.core.json.Json.encode(value));
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (java.io.IOException e) {
      // refused below, with the same message
    }
    throw RestException.badRequest("tool_input_json must be a JSON object of the function's arguments (or a string"
        + " holding one)");
  }
}
