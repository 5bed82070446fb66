package dev.kernelbroker.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.Resource;
import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.ResourceLink;
import dev.kernelbroker.mcp.protocol.ResourcePage;
import dev.kernelbroker.mcp.protocol.ResourceTemplate;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** resources/* through the dispatcher with a provider of its own, and links as each protocol version gets them. */
class McpResourcesTest {
  private final Vertx vertx = Vertx.vertx();
  private final Resource a = new Resource("mem://a", "a", null, "text/plain", 1L);

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private final ResourceProvider provider = new ResourceProvider() {
    @Override
    public Future<ResourcePage> list(McpSession session, String cursor) {
      return Future.succeededFuture(cursor == null ? new ResourcePage(List.of(a), "2") : new ResourcePage(List.of(),
          null));
    }

    @Override
    public Future<List<ResourceContents>> read(McpSession session, String uri) {
      return uri.equals(a.uri()) ? Future.succeededFuture(List.of(new ResourceContents.Text(uri, "text/plain", "x")))
          : Future.failedFuture(JsonRpcException.resourceNotFound(uri, "no " + uri));
    }

    @Override
    public List<ResourceTemplate> templates() {
      return List.of(new ResourceTemplate("mem://{name}", "mem", null, null));
    }
  };

  private McpServer server(boolean withResources) {
    ToolDefinition linking = new ToolDefinition("link", "links a", ToolDefinition.noArguments(), null);
    McpServer server = new McpServer(vertx, "t", "1", null, List.of(new McpTool() {
      public ToolDefinition definition() {
        return linking;
      }

      public Future<CallToolResult> call(ToolInvocation invocation) {
        return Future.succeededFuture(new CallToolResult(List.of(new TextContent("ok"), new ResourceLink(a)), false));
      }
    }));
    return withResources ? server.withResources(provider) : server;
  }

  private static JsonNode ask(McpServer server, McpSession session, String method, String params) throws Exception {
    return server.handle(session, JsonRpcCodec.decode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
        + "\",\"params\":" + params + "}"), m -> { }).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS).orElseThrow().toJson();
  }

  private static McpSession session(McpServer server, String version, boolean resourcesDeclared) throws Exception {
    McpSession session = McpSession.create(McpSession.Transport.STDIO);
    JsonNode init = ask(server, session, "initialize", "{\"protocolVersion\":\"" + version + "\"}");
    assertEquals(resourcesDeclared, init.at("/result/capabilities/resources/listChanged").asBoolean());
    return session;
  }

  @Test
  void resourcesAreListedPagedReadAndTemplated() throws Exception {
    McpServer server = server(true);
    McpSession session = session(server, "2025-06-18", true);
    JsonNode page = ask(server, session, "resources/list", "{}");
    assertEquals("mem://a", page.at("/result/resources/0/uri").asText());
    assertEquals(1, page.at("/result/resources/0/size").asInt());
    assertEquals("2", page.at("/result/nextCursor").asText());
    assertTrue(ask(server, session, "resources/list", "{\"cursor\":\"2\"}").at("/result/nextCursor").isMissingNode());
    assertEquals("x", ask(server, session, "resources/read", "{\"uri\":\"mem://a\"}").at("/result/contents/0/text")
        .asText());
    JsonNode missing = ask(server, session, "resources/read", "{\"uri\":\"mem://b\"}");
    assertEquals(-32002, missing.at("/error/code").asInt());
    assertEquals("mem://b", missing.at("/error/data/uri").asText());
    assertEquals(-32602, ask(server, session, "resources/read", "{}").at("/error/code").asInt());
    assertEquals("mem://{name}", ask(server, session, "resources/templates/list", "{}")
        .at("/result/resourceTemplates/0/uriTemplate").asText());
  }

  @Test
  void withoutAProviderThereAreNoResources() throws Exception {
    McpServer server = server(false);
    McpSession session = session(server, "2025-06-18", false);
    assertEquals(-32601, ask(server, session, "resources/list", "{}").at("/error/code").asInt());
  }

  @Test
  void aLinkReachesNewerSessionsAndOlderOnesGetText() throws Exception {
    McpServer server = server(true);
    JsonNode newer = ask(server, session(server, "2025-11-25", true), "tools/call", "{\"name\":\"link\"}");
    assertEquals("resource_link", newer.at("/result/content/1/type").asText());
    JsonNode older = ask(server, session(server, "2025-03-26", true), "tools/call", "{\"name\":\"link\"}");
    assertEquals("text", older.at("/result/content/1/type").asText());
    assertEquals("Files: mem://a (text/plain, 1 bytes)", older.at("/result/content/1/text").asText());
  }
}
