package dev.kernelbroker.mcp;

import dev.kernelbroker.mcp.transport.HttpDeadlines;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.mcp.transport.McpHttpSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An McpHttpServer with the test tools on a free loopback port. */
final class TestHttpServer implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final TestTools tools = new TestTools(vertx);
  final McpHttpServer http;
  final int port;

  TestHttpServer(Optional<String> token, long maxRequestBytes, Duration idleTimeout) throws Exception {
    this(token, maxRequestBytes, idleTimeout, HttpDeadlines.DEFAULTS);
  }

  TestHttpServer(Optional<String> token, long maxRequestBytes, Duration idleTimeout, HttpDeadlines deadlines)
      throws Exception {
    this(token, maxRequestBytes, idleTimeout, idleTimeout, deadlines);
  }

  /** With an unused timeout of its own, for sessions that never held state. */
  TestHttpServer(Duration idleTimeout, Duration unusedTimeout) throws Exception {
    this(Optional.empty(), 64 * 1024, idleTimeout, unusedTimeout, HttpDeadlines.DEFAULTS);
  }

  private TestHttpServer(Optional<String> token, long maxRequestBytes, Duration idleTimeout, Duration unusedTimeout,
      HttpDeadlines deadlines) throws Exception {
    McpHttpSettings settings = new McpHttpSettings("127.0.0.1", 0, List.of("https://app.example"),
        token, maxRequestBytes, idleTimeout, unusedTimeout, deadlines);
    http = new McpHttpServer(vertx, tools.server(), settings,
        () -> Future.succeededFuture(new JsonObject().put("status", "UP")));
    port = http.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** With named tokens and their limits. */
  TestHttpServer(dev.kernelbroker.access.AccessSettings access) throws Exception {
    McpHttpSettings settings = new McpHttpSettings("127.0.0.1", 0, List.of("https://app.example"), access,
        64 * 1024, Duration.ofMinutes(5), Duration.ofMinutes(5), HttpDeadlines.DEFAULTS);
    http = new McpHttpServer(vertx, tools.server(), settings,
        () -> Future.succeededFuture(new JsonObject().put("status", "UP")));
    port = http.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  TestHttpServer() throws Exception {
    this(Optional.empty(), 64 * 1024, Duration.ofMinutes(5));
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() throws Exception {
    http.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
