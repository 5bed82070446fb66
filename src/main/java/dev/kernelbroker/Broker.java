package dev.kernelbroker;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.jupyter.OutputLimits;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.sandbox.SandboxManager;
import dev.kernelbroker.sandbox.SandboxRuntimes;
import dev.kernelbroker.session.KernelLauncher;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.tools.BrokerStatus;
import dev.kernelbroker.tools.BrokerTools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The assembled broker: sandbox, kernel sessions and the MCP server over them. Closing cascades down. */
public final class Broker {
  public static final String NAME = "kernel-broker";
  public static final String VERSION = "0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  private static final String INSTRUCTIONS = "Kernel Broker runs code in a sandbox container for you. Use"
      + " execute_python_code and execute_bash_code like notebook cells: variables, imports, files and shell"
      + " state persist between calls in this conversation. Files go in /workspace, the user's shared folder."
      + " Plots come back as images. get_kernel_status shows the kernels and limits.";

  private final Vertx vertx;
  private final BrokerConfig config;
  private final SandboxManager sandbox;
  private final KernelSessionRegistry sessions;
  private final BrokerStatus status;
  private final McpServer mcp;
  private McpHttpServer http;

  public Broker(Vertx vertx, BrokerConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.sandbox = new SandboxManager(SandboxRuntimes.create(vertx, config.sandbox()));
    var execution = config.execution();
    KernelSettings kernels = KernelSettings.DEFAULT
        .withOutputLimits(new OutputLimits(execution.maxOutputChars(),
            (int) Math.min(Integer.MAX_VALUE, execution.maxImageBytes())))
        .withInterruptGrace(execution.interruptGrace());
    this.sessions = new KernelSessionRegistry(vertx, new KernelLauncher(vertx, sandbox, kernels),
        config.server().sessionIdleTimeout());
    this.status = new BrokerStatus(config, sandbox, sessions);
    this.mcp = new McpServer(vertx, NAME, VERSION, INSTRUCTIONS,
        BrokerTools.create(vertx, sessions, execution, status));
  }

  public BrokerConfig config() {
    return config;
  }

  public McpServer mcp() {
    return mcp;
  }

  public BrokerStatus status() {
    return status;
  }

  public SandboxManager sandbox() {
    return sandbox;
  }

  public KernelSessionRegistry sessions() {
    return sessions;
  }

  /** Fails fast when the runtime cannot work at all (no Docker engine, no jupyter-server). */
  public Future<Void> checkRuntime() {
    return sandbox.runtime().checkAvailable();
  }

  /** Builds the image if needed and starts the sandbox ahead of the first call, so that call is quick. */
  public void warmUp() {
    sandbox.acquire()
        .onSuccess(lease -> LOG.info("Sandbox ready: {}", sandbox.runtime().description()))
        .onFailure(e -> LOG.error("The sandbox could not be started; tool calls will report this and retry: {}",
            e.getMessage()));
  }

  /** Starts the HTTP endpoint (port 0 picks a free one); the future holds the bound port. */
  public Future<Integer> serveHttp() {
    http = new McpHttpServer(vertx, mcp, config.server(), () -> Future.succeededFuture(status.health()));
    return http.start();
  }

  /** Closes the endpoint, then every kernel session, then the sandbox. */
  public Future<Void> close() {
    Future<Void> endpoint = http == null ? Future.succeededFuture() : http.close();
    return endpoint.eventually(sessions::closeAll).eventually(sandbox::close);
  }
}
