package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcError;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import io.vertx.core.http.HttpServerResponse;

/** An HTTP-level refusal, answered as a JSON-RPC error object with id null and a plain message. */
record HttpProblem(int status, JsonRpcError error) {
  static HttpProblem of(int status, String message) {
    return new HttpProblem(status, new JsonRpcError(JsonRpcError.INVALID_REQUEST, message));
  }

  static HttpProblem of(int status, JsonRpcException exception) {
    return new HttpProblem(status, exception.error());
  }

  void send(HttpServerResponse response) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader(McpWire.HEADER_CONTENT_TYPE, McpWire.APPLICATION_JSON)
        .end(JsonRpcCodec.encode(new JsonRpcMessage.ErrorResponse(null, error)));
  }
}
