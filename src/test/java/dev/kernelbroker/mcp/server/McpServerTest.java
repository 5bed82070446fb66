package dev.kernelbroker.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.LogLevel;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher without any transport: lifecycle, error channels, progress, cancellation. */
class McpServerTest {
  static {
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<JsonRpcMessage> sent = new CopyOnWriteArrayList<>();
  private final MessageSink sink = sent::add;
  private final Promise<CallToolResult> pending = Promise.promise();
  private final AtomicInteger cancels = new AtomicInteger();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private McpServer server() {
    return new McpServer(vertx, "t", "1", null, List.of(
        tool("hang", inv -> {
          inv.cancellation().onCancel(cancels::incrementAndGet);
          return pending.future();
        }),
        tool("throws", inv -> {
          throw new IllegalStateException("boom");
        }),
        tool("nothing", inv -> null)), Duration.ofMillis(300));
  }

  private static McpTool tool(String name, Function<ToolInvocation, Future<CallToolResult>> body) {
    ToolDefinition definition = new ToolDefinition(name, name + " tool", ToolDefinition.noArguments(), null);
    return new McpTool() {
      public ToolDefinition definition() {
        return definition;
      }

      public Future<CallToolResult> call(ToolInvocation invocation) {
        return body.apply(invocation);
      }
    };
  }

  private Optional<JsonRpcMessage> handle(McpServer server, McpSession session, String json) throws Exception {
    return handleAsync(server, session, json).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Future<Optional<JsonRpcMessage>> handleAsync(McpServer server, McpSession session, String json) {
    return server.handle(session, JsonRpcCodec.decode(json), sink);
  }

  private static JsonNode json(Optional<JsonRpcMessage> message) {
    return message.orElseThrow().toJson();
  }

  private McpSession initialized(McpServer server) throws Exception {
    McpSession session = McpSession.create(McpSession.Transport.STDIO);
    handle(server, session, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\"}}");
    assertEquals("2024-11-05", session.protocolVersion().orElseThrow().wire());
    return session;
  }

  @Test
  void requestsBeforeInitializeAreRefusedButPingIsNot() throws Exception {
    McpServer server = server();
    McpSession session = McpSession.create(McpSession.Transport.STDIO);
    JsonNode refused = json(handle(server, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertEquals(-32600, refused.at("/error/code").asInt());
    JsonNode pong = json(handle(server, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"));
    assertTrue(pong.get("result").isEmpty());
  }

  @Test
  void toolsThatThrowOrReturnNothingGiveIsErrorResults() throws Exception {
    McpServer server = server();
    McpSession session = initialized(server);
    JsonNode thrown = json(handle(server, session, call(1, "throws", "")));
    assertTrue(thrown.at("/result/isError").asBoolean());
    assertEquals("boom", thrown.at("/result/content/0/text").asText());
    JsonNode nothing = json(handle(server, session, call(2, "nothing", "")));
    assertTrue(nothing.at("/result/isError").asBoolean());
  }

  @Test
  void heartbeatProgressKeepsASilentCallAliveAndStopsAtTheResult() throws Exception {
    McpServer server = server();
    McpSession session = initialized(server);
    Future<Optional<JsonRpcMessage>> answer = handleAsync(server, session, call(3, "hang", ",\"_meta\":{\"progressToken\":\"tok\"}"));
    Thread.sleep(1000);
    pending.complete(CallToolResult.text("finally"));
    assertEquals("finally", json(answer.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .at("/result/content/0/text").asText());
    int atResult = sent.size();
    assertTrue(atResult >= 3, "heartbeats: " + sent);
    for (int i = 0; i < atResult; i++) {
      ObjectNode params = (ObjectNode) sent.get(i).toJson().get("params");
      assertEquals("tok", params.get("progressToken").asText());
      assertEquals(i + 1, params.get("progress").asInt());
    }
    Thread.sleep(700);
    assertEquals(atResult, sent.size(), "no progress after the result");
  }

  @Test
  void cancelledCallGetsNoAnswerAndTheToolHearsIt() throws Exception {
    McpServer server = server();
    McpSession session = initialized(server);
    Future<Optional<JsonRpcMessage>> answer = handleAsync(server, session, call(4, "hang", ""));
    handle(server, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}");
    assertFalse(answer.isComplete(), "unknown ids are ignored");
    handle(server, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":4}}");
    assertEquals(Optional.empty(), answer.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(1, cancels.get());
  }

  @Test
  void closingASessionCancelsItsCallsAndRunsCloseActionsOnce() throws Exception {
    McpServer server = server();
    McpSession session = initialized(server);
    AtomicInteger closes = new AtomicInteger();
    session.onClose(closes::incrementAndGet);
    Future<Optional<JsonRpcMessage>> answer = handleAsync(server, session, call(5, "hang", ""));
    session.close();
    session.close();
    assertEquals(Optional.empty(), answer.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(1, cancels.get());
    assertEquals(1, closes.get());
    session.onClose(closes::incrementAndGet);
    assertEquals(2, closes.get(), "a late close action runs at once");
  }

  @Test
  void logMessagesHonourSetLevel() throws Exception {
    McpServer server = server();
    McpSession session = initialized(server);
    session.attachStream(sink);
    session.log(LogLevel.DEBUG, "kernel", "hidden at the default level");
    assertTrue(sent.isEmpty());
    handle(server, session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}");
    session.log(LogLevel.DEBUG, "kernel", "now visible");
    assertEquals("notifications/message", sent.get(0).toJson().get("method").asText());
    assertEquals("now visible", sent.get(0).toJson().at("/params/data").asText());
  }

  @Test
  void registryClosesIdleSessionsButNotBusyOnes() throws Exception {
    McpSessionRegistry registry = new McpSessionRegistry(vertx, Duration.ofMillis(200), Duration.ofMillis(200));
    McpSession idle = registry.open(McpSession.Transport.STREAMABLE_HTTP);
    McpSession streaming = registry.open(McpSession.Transport.SSE);
    streaming.attachStream(sink);
    Thread.sleep(700);
    assertTrue(idle.isClosed());
    assertFalse(streaming.isClosed());
    assertEquals(1, registry.size());
    registry.closeAll();
    assertTrue(streaming.isClosed());
  }

  private static String call(int id, String tool, String extraParams) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{}" + extraParams + "}}";
  }
}
