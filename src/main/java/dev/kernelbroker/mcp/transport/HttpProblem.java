package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.Refusal;
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

  /** 429 Too Many Requests with Retry-After: a limit of the client's token, not a fault of the request. */
  static void tooMany(HttpServerResponse response, Refusal refusal) {
    if (!response.ended() && !response.headWritten()) {
      response.putHeader(McpWire.HEADER_RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
      of(429, "Too Many Requests: " + refusal.message() + ". Retry after " + refusal.retryAfterSeconds() + " s")
          .send(response);
    }
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
