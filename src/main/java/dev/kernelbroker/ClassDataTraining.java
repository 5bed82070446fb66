package dev.kernelbroker;

import dev.kernelbroker.config.BrokerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A build step, not a feature: {@code mvn package} runs this under {@code -XX:ArchiveClassesAtExit} to write the
 * class-data-sharing archive {@code target/kernel-broker.jsa}, which roughly halves the JVM's share of a cold start
 * (issue 9: broker start to first result). It assembles a broker as {@link Main} does and answers an MCP initialize
 * and tools/list over HTTP, so the classes of a start are loaded; it needs no Docker engine and starts no sandbox.
 */
public final class ClassDataTraining {
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cds\",\"version\":\"1\"}}}";

  private ClassDataTraining() {}

  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("kernel-broker-cds");
    BrokerConfig config = BrokerConfig.from(Map.of("BROKER_PORT", "0", "BROKER_POOL_SIZE", "0",
        "BROKER_WORKSPACE_DIR", scratch.resolve("workspace").toString()));
    Vertx vertx = Vertx.vertx();
    Broker broker = new Broker(vertx, config);
    HttpClient http = vertx.createHttpClient();
    Future<String> exchange = broker.serveHttp().compose(port -> post(http, port, null, INITIALIZE)
        .compose(session -> post(http, port, session,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").map(session))
        .compose(session -> post(http, port, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")));
    exchange.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    broker.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** One JSON-RPC POST to /mcp; the future holds the session id the answer named. */
  private static Future<String> post(HttpClient http, int port, String session, String body) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/mcp").putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/json, text/event-stream");
    if (session != null) {
      request.putHeader("Mcp-Session-Id", session).putHeader("MCP-Protocol-Version", "2025-06-18");
    }
    return http.request(request).compose(r -> r.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(ignored -> response.getHeader("Mcp-Session-Id") != null
            ? response.getHeader("Mcp-Session-Id") : session));
  }
}
