package dev.kernelbroker;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.jupyter.OutputLimits;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.WorkspaceMode;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.kubernetes.KubernetesSandboxRuntime;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.pool.SessionDigest;
import dev.kernelbroker.sandbox.SandboxRuntime;
import dev.kernelbroker.sandbox.SandboxRuntimes;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.tools.BrokerStatus;
import dev.kernelbroker.tools.BrokerTools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled broker: the sandbox pool, kernel sessions (each with a sandbox of its own) and the MCP server over
 * them. Closing cascades down: endpoint, sessions, then whatever sandboxes the pool still holds.
 */
public final class Broker {
  public static final String NAME = "kernel-broker";
  public static final String VERSION = "0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  private static final String INSTRUCTIONS = "Kernel Broker runs code in a sandbox container for you. Use"
      + " execute_python_code and execute_bash_code like notebook cells: variables, imports, files and shell"
      + " state persist between calls in this conversation. The sandbox is this conversation's own; files go in"
      + " /workspace. Plots come back as images. get_kernel_status shows the sandbox, kernels and limits.";

  private final Vertx vertx;
  private final BrokerConfig config;
  private final SandboxPool pool;
  private final KernelSessionRegistry sessions;
  private final BrokerStatus status;
  private final McpServer mcp;
  private McpHttpServer http;

  public Broker(Vertx vertx, BrokerConfig config) {
    this.vertx = vertx;
    this.config = config;
    var execution = config.execution();
    KernelSettings kernels = KernelSettings.DEFAULT
        .withOutputLimits(new OutputLimits(execution.maxOutputChars(),
            (int) Math.min(Integer.MAX_VALUE, execution.maxImageBytes())))
        .withInterruptGrace(execution.interruptGrace())
        // The sandbox sends text in pieces of at most 1 MiB; one message beyond this is refused and reported.
        .withMaxMessageBytes((int) Math.min(Integer.MAX_VALUE, (16L << 20) + 2 * execution.maxImageBytes()));
    Duration idle = config.server().sessionIdleTimeout();
    SandboxRuntime runtime = config.sandbox().runtime() == RuntimeKind.KUBERNETES
        ? KubernetesSandboxRuntime.create(vertx, config.sandbox(), config.kubernetes())
        : SandboxRuntimes.create(vertx, config.sandbox());
    this.pool = new SandboxPool(vertx, runtime, config.pool(), kernels,
        Language.PYTHON.kernelSpec(), "after " + KernelSessionRegistry.describeIdle(idle)
            + " without use (BROKER_SESSION_IDLE_TIMEOUT).", config.sandbox().orphanTimeout().dividedBy(4),
        config.restart(), config.restart().keep()
            ? SessionDigest.load(config.sandbox().stateDir(), config.restart().sessionKey()) : null);
    boolean filesOutlive = config.sandbox().workspaceMode() == WorkspaceMode.SHARED
        || config.sandbox().keepSessionWorkspaces();
    this.sessions = new KernelSessionRegistry(vertx, pool, kernels, idle, filesOutlive);
    this.status = new BrokerStatus(config, pool, sessions);
    this.mcp = new McpServer(vertx, NAME, VERSION, INSTRUCTIONS,
        BrokerTools.create(vertx, sessions, execution, config.sandbox(), status));
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

  public SandboxPool pool() {
    return pool;
  }

  public KernelSessionRegistry sessions() {
    return sessions;
  }

  /** Fails fast when the runtime cannot work at all (no Docker engine, no jupyter-server). */
  public Future<Void> checkRuntime() {
    return pool.runtime().checkAvailable();
  }

  /** Builds the image if needed and fills the pool in the background, so first calls are quick. */
  public void warmUp() {
    if (config.sandbox().ociRuntime().isPresent() && config.sandbox().network() == NetworkMode.BRIDGE) {
      LOG.warn("BROKER_SANDBOX_OCI_RUNTIME={} with BROKER_SANDBOX_NETWORK=bridge: gVisor registered with"
          + " --network=none (as .ci/provision does) cannot start containers on a network; use none",
          config.sandbox().ociRuntime().get());
    }
    pool.start()
        .onSuccess(v -> LOG.info("Sandbox runtime ready: {}; keeping {} sandbox(es) warm, at most {} in all",
            pool.runtime().description(), config.pool().size(), config.pool().maxSandboxes()))
        .onFailure(e -> LOG.error("The sandbox runtime could not be prepared; tool calls will report this and"
            + " retry: {}", e.getMessage()));
  }

  /** Starts the HTTP endpoint (port 0 picks a free one); the future holds the bound port. */
  public Future<Integer> serveHttp() {
    http = new McpHttpServer(vertx, mcp, config.server(), () -> Future.succeededFuture(status.health()),
        peer -> pool.runtime().isSandboxAddress(peer));
    // Keep mode: a client back after a restart finds its session, and the kernels the earlier broker left.
    http.sessions().resumeWhen(pool::holdsAdopted);
    return http.start();
  }

  /**
   * Closes the endpoint, then every kernel session, then the pool's remaining sandboxes. In keep mode the sessions
   * let go of their kernels first (closing the endpoint would end them), and the pool leaves their sandboxes running.
   */
  public Future<Void> close() {
    Future<Void> detached = config.restart().keep() ? sessions.detachAll() : Future.succeededFuture();
    return detached.eventually(() -> http == null ? Future.succeededFuture() : http.close())
        .eventually(sessions::closeAll).eventually(pool::close);
  }
}
