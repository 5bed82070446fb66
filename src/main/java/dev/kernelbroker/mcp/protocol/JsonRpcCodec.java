package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Text ⇄ {@link JsonRpcMessage}. Decoding failures carry the right JSON-RPC error code. */
public final class JsonRpcCodec {
  private JsonRpcCodec() {}

  public static JsonRpcMessage decode(String text) {
    if (text == null || text.isBlank()) {
      throw JsonRpcException.parseError("empty body");
    }
    JsonNode node;
    try {
      node = McpJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw JsonRpcException.parseError(e.getOriginalMessage());
    }
    return decode(node);
  }

  public static JsonRpcMessage decode(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw JsonRpcException.parseError("empty body");
    }
    if (node.isArray()) {
      // Batching was removed in 2025-06-18 and no client we serve sends it.
      throw JsonRpcException.invalidRequest("batched messages are not supported");
    }
    if (!node.isObject()) {
      throw JsonRpcException.invalidRequest("a message must be a JSON object");
    }
    RequestId id = readId(node);
    try {
      return decodeObject((ObjectNode) node, id);
    } catch (JsonRpcException e) {
      throw e.withId(id);
    }
  }

  public static String encode(JsonRpcMessage message) {
    try {
      return McpJson.MAPPER.writeValueAsString(message.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static JsonRpcMessage decodeObject(ObjectNode node, RequestId id) {
    if (!JsonRpcMessage.VERSION.equals(node.path("jsonrpc").asText(null))) {
      throw JsonRpcException.invalidRequest("jsonrpc must be \"2.0\"");
    }
    JsonNode params = node.get("params");
    if (params != null && !params.isNull() && !params.isObject()) {
      throw JsonRpcException.invalidRequest("params must be an object");
    }
    ObjectNode paramsObject = params instanceof ObjectNode object ? object : null;
    JsonNode method = node.get("method");
    if (method != null) {
      if (!method.isTextual()) {
        throw JsonRpcException.invalidRequest("method must be a string");
      }
      if (node.has("id")) {
        if (id == null) {
          throw JsonRpcException.invalidRequest("a request id must not be null");
        }
        return new JsonRpcMessage.Request(id, method.asText(), paramsObject);
      }
      return new JsonRpcMessage.Notification(method.asText(), paramsObject);
    }
    if (node.has("result") && id != null) {
      return new JsonRpcMessage.Response(id, node.get("result"));
    }
    if (node.has("error")) {
      return new JsonRpcMessage.ErrorResponse(id, JsonRpcError.fromJson(node.get("error")));
    }
    throw JsonRpcException.invalidRequest("not a request, notification or response");
  }

  private static RequestId readId(JsonNode node) {
    JsonNode id = node.get("id");
    if (id == null || id.isNull()) {
      return null;
    }
    return new RequestId(id);
  }
}
