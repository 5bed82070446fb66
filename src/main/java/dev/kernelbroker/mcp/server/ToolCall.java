package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage.Request;
import dev.kernelbroker.mcp.protocol.McpJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/** One tools/call in flight: argument checks, progress, cancellation, and failure → isError. */
final class ToolCall {
  /** Marks an answer that must not be sent because the client cancelled the request. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled by the client", null, false, false);
    }
  }

  private final Vertx vertx;
  private final McpSession session;
  private final Request request;
  private final MessageSink requestSink;
  private final Duration maxProgressSilence;

  ToolCall(Vertx vertx, McpSession session, Request request, MessageSink requestSink,
      Duration maxProgressSilence) {
    this.vertx = vertx;
    this.session = session;
    this.request = request;
    this.requestSink = requestSink;
    this.maxProgressSilence = maxProgressSilence;
  }

  Future<JsonNode> run(McpTool tool) {
    ObjectNode arguments = arguments();
    Cancellation cancellation = new Cancellation();
    if (!session.beginCall(request.id(), cancellation)) {
      throw JsonRpcException.invalidRequest("request id " + request.id() + " is already in flight");
    }
    ProgressChannel progress = request.progressToken()
        .map(token -> new ProgressChannel(vertx, token, requestSink, maxProgressSilence))
        .orElse(null);
    Promise<JsonNode> outcome = Promise.promise();
    // Cancellation answers at once: a tool that ignores it must not hold the request open.
    cancellation.onCancel(() -> outcome.tryFail(new Cancelled()));
    ToolInvocation invocation = new ToolInvocation(session, arguments,
        progress == null ? ProgressReporter.NONE : progress, cancellation);
    invoke(tool, invocation).onComplete(done -> outcome.tryComplete(done.succeeded() && done.result() != null
        ? done.result().forVersion(session.protocolVersion().orElse(null)).toJson()
        : CallToolResult.error(failureMessage(tool, done.cause())).toJson()));
    return outcome.future().andThen(done -> {
      if (progress != null) {
        progress.finish();
      }
      session.endCall(request.id(), cancellation);
    });
  }

  private ObjectNode arguments() {
    JsonNode arguments = request.params().get("arguments");
    if (arguments == null || arguments.isNull()) {
      return McpJson.object();
    }
    if (!arguments.isObject()) {
      throw JsonRpcException.invalidParams("arguments must be an object");
    }
    return (ObjectNode) arguments;
  }

  private static Future<CallToolResult> invoke(McpTool tool, ToolInvocation invocation) {
    try {
      Future<CallToolResult> result = tool.call(invocation);
      return result != null ? result : Future.failedFuture("the tool returned no result");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String failureMessage(McpTool tool, Throwable cause) {
    String name = tool.definition().name();
    if (cause == null) {
      return "Tool " + name + " returned no result";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? "Tool " + name + " failed: " + cause : message;
  }
}
