package dev.kernelbroker.mcp.protocol;

import java.util.Objects;

/**
 * The JSON-RPC error channel: thrown (or used to fail a Future) when a message cannot be served at
 * all. Failures of a tool's own work travel as a {@link CallToolResult} with isError instead.
 */
public final class JsonRpcException extends RuntimeException {
  private final JsonRpcError error;
  private final transient RequestId id;

  public JsonRpcException(JsonRpcError error, RequestId id) {
    super(error.message(), null, false, false);
    this.error = Objects.requireNonNull(error, "error");
    this.id = id;
  }

  public JsonRpcException(JsonRpcError error) {
    this(error, null);
  }

  public JsonRpcError error() {
    return error;
  }

  /** The id of the offending request when it could be read, else null (sent as "id": null). */
  public RequestId id() {
    return id;
  }

  public JsonRpcException withId(RequestId requestId) {
    return new JsonRpcException(error, requestId);
  }

  public static JsonRpcException parseError(String detail) {
    return new JsonRpcException(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: " + detail));
  }

  public static JsonRpcException invalidRequest(String detail) {
    return new JsonRpcException(
        new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid request: " + detail));
  }

  public static JsonRpcException methodNotFound(String method) {
    return new JsonRpcException(
        new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + method));
  }

  public static JsonRpcException invalidParams(String detail) {
    return new JsonRpcException(
        new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: " + detail));
  }

  public static JsonRpcException internalError(String detail) {
    return new JsonRpcException(
        new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error: " + detail));
  }

  public static JsonRpcException resourceNotFound(String uri, String detail) {
    return new JsonRpcException(new JsonRpcError(JsonRpcError.RESOURCE_NOT_FOUND, "Resource not found: " + detail,
        McpJson.object().put("uri", uri)));
  }
}
