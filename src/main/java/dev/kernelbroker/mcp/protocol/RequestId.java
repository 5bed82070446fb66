package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;

/**
 * A JSON-RPC request id: a string or an integer. Integers are normalised to one node type so that an
 * id read from a request equals the same id read later from notifications/cancelled.
 */
public record RequestId(JsonNode value) {
  public RequestId {
    Objects.requireNonNull(value, "value");
    if (value.isIntegralNumber()) {
      value = LongNode.valueOf(value.asLong());
    } else if (!value.isTextual()) {
      throw JsonRpcException.invalidRequest("id must be a string or an integer");
    }
  }

  public static RequestId of(long id) {
    return new RequestId(LongNode.valueOf(id));
  }

  public static RequestId of(String id) {
    return new RequestId(TextNode.valueOf(id));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
