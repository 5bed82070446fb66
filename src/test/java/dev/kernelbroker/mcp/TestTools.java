package dev.kernelbroker.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ImageContent;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small tools that stand in for the kernel tools in MCP-layer tests. One instance per server. */
final class TestTools {
  static final byte[] PNG_1X1 = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  final AtomicInteger cancellations = new AtomicInteger();
  private final Vertx vertx;

  TestTools(Vertx vertx) {
    this.vertx = vertx;
  }

  McpServer server() {
    return new McpServer(vertx, "kernel-broker-test", "0.0.1", "Test tools only.", tools());
  }

  List<McpTool> tools() {
    return List.of(
        tool("echo", "Echoes its text argument, prefixed with the session id.",
            schema("text", "string"), inv -> Future.succeededFuture(
                CallToolResult.text(inv.session().id() + ":" + inv.arguments().path("text").asText()))),
        tool("slow", "Works for `seconds`, reporting progress every 300 ms; honours cancellation.",
            schema("seconds", "number"), this::slow),
        tool("fail", "Always fails, to show failures become isError results.",
            ToolDefinition.noArguments(), inv -> Future.failedFuture("kernel exploded")),
        tool("image", "Returns a 1x1 PNG.", ToolDefinition.noArguments(),
            inv -> Future.succeededFuture(new CallToolResult(
                List.of(new TextContent("a pixel"), ImageContent.of(PNG_1X1, "image/png")), false))),
        tool("stats", "Reports how many calls this server saw cancelled.", ToolDefinition.noArguments(),
            inv -> Future.succeededFuture(CallToolResult.text("cancellations=" + cancellations.get()))),
        tool("remember", "Keeps state for the session, as the code tools' kernels do.", ToolDefinition.noArguments(),
            inv -> {
              inv.session().markHoldsState();
              return Future.succeededFuture(CallToolResult.text("remembered"));
            }));
  }

  private Future<CallToolResult> slow(ToolInvocation inv) {
    long steps = Math.round(inv.arguments().path("seconds").asDouble(1) * 1000 / 300);
    Promise<CallToolResult> done = Promise.promise();
    AtomicInteger step = new AtomicInteger();
    long timer = vertx.setPeriodic(300, id -> {
      int current = step.incrementAndGet();
      inv.progress().report("step " + current + " of " + steps);
      if (current >= steps) {
        vertx.cancelTimer(id);
        done.tryComplete(CallToolResult.text("done after " + current + " steps"));
      }
    });
    inv.cancellation().onCancel(() -> {
      vertx.cancelTimer(timer);
      cancellations.incrementAndGet();
      done.tryFail("cancelled");
    });
    return done.future();
  }

  private static ObjectNode schema(String property, String type) {
    ObjectNode schema = McpJson.object().put("type", "object");
    schema.putObject("properties").putObject(property).put("type", type);
    schema.putArray("required").add(property);
    return schema;
  }

  private static McpTool tool(String name, String description, ObjectNode schema,
      Function<ToolInvocation, Future<CallToolResult>> body) {
    return McpTool.of(new ToolDefinition(name, description, schema,
        new ToolAnnotations(null, true, false, true, false)), body);
  }
}
