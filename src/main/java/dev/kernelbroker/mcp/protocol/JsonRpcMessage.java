package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/** One JSON-RPC 2.0 message. MCP uses objects for params, so params are always an ObjectNode. */
public sealed interface JsonRpcMessage {
  String VERSION = "2.0";

  ObjectNode toJson();

  record Request(RequestId id, String method, ObjectNode params) implements JsonRpcMessage {
    public Request {
      Objects.requireNonNull(id, "id");
      requireMethod(method);
      params = params == null ? McpJson.object() : params;
    }

    /** The `_meta.progressToken` the caller attached, if any (a string or a number). */
    public Optional<JsonNode> progressToken() {
      JsonNode token = params.path("_meta").path("progressToken");
      return token.isTextual() || token.isNumber() ? Optional.of(token) : Optional.empty();
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = envelope().set("id", id.value());
      node.put("method", method).set("params", params);
      return node;
    }
  }

  record Notification(String method, ObjectNode params) implements JsonRpcMessage {
    public Notification {
      requireMethod(method);
      params = params == null ? McpJson.object() : params;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = envelope().put("method", method);
      node.set("params", params);
      return node;
    }
  }

  record Response(RequestId id, JsonNode result) implements JsonRpcMessage {
    public Response {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(result, "result");
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = envelope().set("id", id.value());
      node.set("result", result);
      return node;
    }
  }

  /** An error answer; id is null when the offending message's id could not be read. */
  record ErrorResponse(RequestId id, JsonRpcError error) implements JsonRpcMessage {
    public ErrorResponse {
      Objects.requireNonNull(error, "error");
    }

    public static ErrorResponse of(JsonRpcException exception) {
      return new ErrorResponse(exception.id(), exception.error());
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = envelope().set("id", id == null ? NullNode.getInstance() : id.value());
      node.set("error", error.toJson());
      return node;
    }
  }

  private static ObjectNode envelope() {
    return McpJson.object().put("jsonrpc", VERSION);
  }

  private static void requireMethod(String method) {
    if (method == null || method.isBlank()) {
      throw JsonRpcException.invalidRequest("method must be a non-empty string");
    }
  }
}
