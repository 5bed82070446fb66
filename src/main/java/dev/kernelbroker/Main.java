package dev.kernelbroker;

import ch.qos.logback.classic.Level;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.ConfigException;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.mcp.transport.StdioTransport;
import dev.kernelbroker.mcp.transport.StdoutClaim;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.sandbox.DockerHeadStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar kernel-broker.jar [--stdio]}: serves MCP over HTTP (default) or on stdin/stdout. */
public final class Main {
  private static final String USAGE = """
      usage: bin/kernel-broker [--stdio]    (or java -jar kernel-broker.jar [--stdio], which starts slower)
        (no arguments)  serve MCP over HTTP: Streamable HTTP at /mcp, HTTP+SSE at /sse, health at /health
        --stdio         speak MCP on stdin/stdout (for clients that start servers as processes)
      Configuration: BROKER_* environment variables or a .env file in the working directory (see README).""";

  /** How long the shutdown hook waits for the broker's close (sessions, sandboxes, clients) and Vert.x's. */
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

  private Main() {}

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.err.println(USAGE);
      return;
    }
    if (!arguments.isEmpty() && !arguments.equals(List.of("--stdio"))) {
      System.err.println("kernel-broker: unknown arguments " + arguments + "\n" + USAGE);
      System.exit(2);
    }
    boolean stdio = arguments.contains("--stdio");
    OutputStream stdout = stdio ? StdoutClaim.claim() : null; // before anything can print to stdout
    BrokerConfig config;
    try {
      config = BrokerConfig.fromEnvironment(stdio ? BrokerConfig.Serving.STDIO : BrokerConfig.Serving.HTTP);
    } catch (ConfigException e) {
      System.err.println("kernel-broker: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    setLogLevel(config.logLevel()); // first: see assemble
    Logger log = LoggerFactory.getLogger(Main.class);
    config.unknownVariables().forEach(v -> log.warn("{} is not a Kernel Broker setting; it is ignored", v));
    Broker broker = assemble(config);
    Vertx vertx = broker.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker, vertx), "kernel-broker-shutdown"));
    // this hook closes it, in order; the pool's own must not race it
    broker.pool().closedByOwnerAtExit(STOP_DEADLINE);
    broker.warmUp();
    Future<Void> running = broker.checkRuntime()
        .compose(v -> stdio ? serveStdio(broker, stdout) : serveHttp(broker, log));
    running.onFailure(e -> {
      log.error("kernel-broker cannot start: {}", e.getMessage());
      exit(1);
    });
  }

  /**
   * A broker as a cold start makes it (also {@link ClassDataTraining}'s): the first sandbox is its longest step (issue
   * 9), so the Docker runtime's head start begins before Vert.x is set up, and the pool starts filling (taking the head
   * start's sandbox) before the MCP layer is even assembled; the engine check runs beside it and still gates serving.
   * Logging must be set up before: SLF4J set up from two threads at once hands one of them stand-in loggers.
   */
  static Broker assemble(BrokerConfig config) {
    DockerHeadStart headStart = dockerHeadStart(config);
    Vertx vertx = Vertx.vertx(Broker.vertxOptions(config));
    SandboxPool pool = Broker.sandboxPool(vertx, config, headStart);
    pool.start();
    return new Broker(vertx, config, pool);
  }

  /**
   * The Docker runtime's head start: its client, and the first sandbox when the pool's first launch takes it at once
   * (sandboxes kept warm, no adoption to wait for, network none, which needs no network made first). Null for the
   * other runtimes.
   */
  private static DockerHeadStart dockerHeadStart(BrokerConfig config) {
    SandboxSettings sandbox = config.sandbox();
    if (sandbox.runtime() != RuntimeKind.DOCKER) {
      return null;
    }
    return DockerHeadStart.begin(sandbox, config.pool().size() > 0 && !config.restart().keep()
        && sandbox.network() == NetworkMode.NONE);
  }

  private static Future<Void> serveHttp(Broker broker, Logger log) {
    var server = broker.config().server();
    return broker.serveHttp().map(port -> {
      String base = "http://" + (server.host().contains(":") ? "[" + server.host() + "]" : server.host()) + ":" + port;
      log.info("Kernel Broker {} listening: MCP at {}/mcp (Streamable HTTP) and {}/sse (any transport), health"
          + " {}/health{}", Broker.VERSION,
          base, base, base, server.access().required() ? " (bearer token required)" : "");
      return null;
    });
  }

  /** Serves one MCP session on stdin/stdout; when stdin closes, the kernels and sandbox go and the JVM exits. */
  private static Future<Void> serveStdio(Broker broker, OutputStream stdout) {
    StdioTransport transport = new StdioTransport(broker.mcp(), System.in, stdout);
    return transport.start().onComplete(done -> exit(0));
  }

  /**
   * Exits from a thread of its own: the shutdown hook waits for futures that need the event loop, so exiting
   * on it would stall shutdown until the hook's deadline.
   */
  private static void exit(int status) {
    new Thread(() -> System.exit(status), "kernel-broker-exit").start();
  }

  private static void stop(Broker broker, Vertx vertx) {
    try {
      broker.close().eventually(vertx::close).toCompletionStage().toCompletableFuture()
          .get(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      System.err.println("kernel-broker: shutdown did not finish cleanly: " + e);
    }
  }

  private static void setLogLevel(BrokerConfig.LogLevelName level) {
    Level logback = Level.toLevel(level.name(), Level.INFO);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.kernelbroker")).setLevel(logback);
  }
}
