package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A JSON-RPC error object. The standard codes live here and nowhere else. */
public record JsonRpcError(int code, String message, JsonNode data) {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** MCP's code for a resources/read of a URI the server does not have. */
  public static final int RESOURCE_NOT_FOUND = -32002;

  public JsonRpcError {
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("JSON-RPC error message must not be blank");
    }
  }

  public JsonRpcError(int code, String message) {
    this(code, message, null);
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("code", code).put("message", message);
    if (data != null) {
      node.set("data", data);
    }
    return node;
  }

  static JsonRpcError fromJson(JsonNode node) {
    if (node == null || !node.isObject() || !node.path("code").isIntegralNumber()) {
      throw JsonRpcException.invalidRequest("error must be an object with an integer code");
    }
    String message = node.path("message").asText("");
    return new JsonRpcError(node.get("code").asInt(), message.isBlank() ? "(no message)" : message,
        node.get("data"));
  }
}
