package dev.kernelbroker;

import com.github.dockerjava.api.DockerClient;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.transport.StdioTransport;
import dev.kernelbroker.sandbox.DockerConnection;
import dev.kernelbroker.sandbox.SandboxImageBuilder;
import dev.kernelbroker.sandbox.WorkspaceFolders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A build step, not a feature: {@code mvn package} runs this under {@code -XX:ArchiveClassesAtExit} to write the
 * class-data-sharing archive {@code target/kernel-broker.jsa}, which roughly halves the JVM's share of a cold start
 * (issue 9: broker start to first result). It assembles a broker and answers an MCP initialize and tools/list over
 * HTTP, which needs no Docker engine. Where an engine answers and holds a sandbox image built from these sources, it
 * then makes a cold start as {@link Main} does over stdio, to a Python and a Bash result, so that the classes of the
 * sandbox's start, the Jupyter client and a call are archived too: loaded from the jar they were verified on the
 * start's path, about 0.1 s of it here. Without one the archive covers less, and nothing fails.
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
    Optional<String> image = currentSandboxImage();
    Path home = Files.createTempDirectory("kbcds");
    try {
      if (image.isPresent()) {
        coldStart(scratch, home, image.get());
      } else {
        System.err.println("kernel-broker class-data training: no Docker engine, or no sandbox image built from"
            + " these sources; the archive covers a start without a sandbox");
      }
    } finally {
      for (Path dir : List.of(scratch, home)) {
        try {
          WorkspaceFolders.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
          System.err.println("kernel-broker class-data training: could not remove " + dir + ": " + e);
        }
      }
    }
    System.exit(0);
  }

  /** The sandbox image's id when the engine holds one of these sources: named by id, the broker builds nothing. */
  private static Optional<String> currentSandboxImage() {
    try (DockerClient docker = DockerConnection.open()) {
      return SandboxImageBuilder.current(docker, SandboxSettings.DEFAULT_IMAGE);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** Main's cold start over stdio, its streams piped to this thread: initialize, then a Python and a Bash cell. */
  private static void coldStart(Path scratch, Path home, String image) throws Exception {
    // A state folder of its own, and short: the sandbox's socket path in it has at most 107 bytes.
    System.setProperty("user.home", home.toString());
    BrokerConfig config = BrokerConfig.from(Map.of("BROKER_SANDBOX_IMAGE", image,
        "BROKER_WORKSPACE_DIR", scratch.resolve("stdio-workspace").toString()), BrokerConfig.Serving.STDIO);
    Broker broker = Main.assemble(config);
    PipedOutputStream toBroker = new PipedOutputStream();
    PipedInputStream brokerIn = new PipedInputStream(toBroker, 1 << 16);
    PipedInputStream fromBroker = new PipedInputStream(1 << 20);
    PipedOutputStream brokerOut = new PipedOutputStream(fromBroker);
    Future<Void> served = broker.checkRuntime()
        .compose(v -> new StdioTransport(broker.mcp(), brokerIn, brokerOut).start());
    try {
      Writer requests = new OutputStreamWriter(toBroker, StandardCharsets.UTF_8);
      requests.write(INITIALIZE + "\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + call(2, "execute_python_code", "print(1)") + call(3, "execute_bash_code", "echo 1"));
      requests.flush();
      CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> awaitAnswer(fromBroker, "\"id\":3"));
      CompletableFuture<Void> ended = served.toCompletionStage().toCompletableFuture();
      CompletableFuture.anyOf(answered, ended).get(3, TimeUnit.MINUTES); // a refused start ends it at once
      toBroker.close();
      ended.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("kernel-broker class-data training: the cold start did not finish: " + e);
    } finally {
      broker.close().eventually(broker.vertx()::close).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static String call(int id, String tool, String code) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{\"command\":\"" + code + "\"}}}\n";
  }

  private static void awaitAnswer(InputStream answers, String marker) {
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.contains(marker)) {
          return;
        }
      }
      throw new IllegalStateException("the broker's output ended before the answer with " + marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
