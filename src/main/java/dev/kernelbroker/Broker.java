package dev.kernelbroker;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.jupyter.OutputLimits;
import dev.kernelbroker.jobs.JobRegistry;
import dev.kernelbroker.jobs.JobTasks;
import dev.kernelbroker.packages.PackageInstaller;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.SessionTools;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.metrics.BrokerMetrics;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.WorkspaceMode;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.kubernetes.KubernetesSandboxRuntime;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.pool.SessionDigest;
import dev.kernelbroker.sandbox.DockerHeadStart;
import dev.kernelbroker.sandbox.SandboxRuntime;
import dev.kernelbroker.sandbox.SandboxRuntimes;
import dev.kernelbroker.session.DeferredObserver;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.tools.BrokerStatus;
import dev.kernelbroker.tools.BrokerTools;
import dev.kernelbroker.tools.CellRunner;
import dev.kernelbroker.tools.SessionFiles;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.UnreachableWorkspaceFiles;
import dev.kernelbroker.rest.RestApi;
import dev.kernelbroker.tools.QuotaCharging;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
  private static final int MAX_DEFINED_TOOLS = 50;
  private static final String INSTRUCTIONS = "Kernel Broker runs code in a sandbox container for you. Use"
      + " execute_python_code, execute_bash_code and execute_javascript_code like notebook cells: variables, imports,"
      + " files and shell state persist between calls in this conversation. The sandbox is this conversation's own;"
      + " files go in /workspace. Plots come back as images. A missing Python package is installed on import"
      + " (install_packages does it explicitly). get_kernel_status shows the sandbox, kernels and limits. upload_file,"
      + " download_file and list_files move files in and out of /workspace (also readable as resources), and"
      + " export_notebook saves the session's cells as a Jupyter notebook. Long work: submit_job (then"
      + " check_job_status, get_job_logs, cancel_job), or a task-augmented call where the client supports MCP Tasks."
      + " define_tool turns a Python function into a tool of this conversation.";

  private final Vertx vertx;
  private final BrokerConfig config;
  private final SandboxPool pool;
  private final KernelSessionRegistry sessions;
  private final BrokerStatus status;
  private final McpServer mcp;
  private final JobRegistry jobs;
  private final CellRunner cells;
  private final BrokerMetrics metrics = new BrokerMetrics();
  private final QuotaRegistry quotas;
  private McpHttpServer http;

  /**
   * The Vert.x the broker wants. One event loop by default: a call then never changes threads between the client's
   * connection and the kernel's WebSocket (each change costs a wake-up, more than the broker's own work on a call);
   * files and Docker still go to worker threads. Netty's epoll transport where it loads (Linux): a wake-up of the
   * event loop from another thread (stdio's reader) and each message cost less than through the JDK's selector.
   */
  public static VertxOptions vertxOptions(BrokerConfig config) {
    return new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true);
  }

  public Broker(Vertx vertx, BrokerConfig config) {
    this(vertx, config, sandboxPool(vertx, config));
  }

  /**
   * Assembles the broker around {@code pool}, which may be filling already: a cold start's first sandbox is its
   * longest step, so {@link Main} starts the pool before the MCP layer is built (issue 9).
   */
  public Broker(Vertx vertx, BrokerConfig config, SandboxPool pool) {
    this.vertx = vertx;
    this.config = config;
    var execution = config.execution();
    KernelSettings kernels = kernelSettings(config);
    Duration idle = config.server().sessionIdleTimeout();
    this.pool = pool;
    boolean filesOutlive = config.sandbox().workspaceMode() == WorkspaceMode.SHARED
        || config.sandbox().keepSessionWorkspaces();
    this.quotas = new QuotaRegistry(config.server().access());
    this.sessions = new KernelSessionRegistry(vertx, pool, kernels, idle, filesOutlive,
        new DeferredObserver(vertx, new QuotaCharging(quotas, metrics)));
    this.status = new BrokerStatus(config, pool, sessions, quotas);
    this.jobs = new JobRegistry(vertx, config.jobs(), execution.maxOutputChars());
    // A tool a session defines runs code too: it is held to its caller's quota like the built-in ones.
    SessionTools sessionTools = new SessionTools(MAX_DEFINED_TOOLS,
        tool -> BrokerTools.withQuotas(java.util.List.of(tool), quotas).get(0));
    this.cells = new CellRunner(vertx, sessionFiles(vertx, config), new PackageInstaller(config.packages(),
        config.sandbox()));
    this.mcp = new McpServer(vertx, NAME, VERSION, INSTRUCTIONS, BrokerTools.withQuotas(
        BrokerTools.create(vertx, sessions, execution, config.sandbox(), status, cells, jobs, sessionTools), quotas),
        sessionTools, new JobTasks(jobs))
        .withResources(BrokerTools.resources(sessions, cells.files()));
    quotas.onRefusal(metrics::refused);
    metrics.watchPool(pool::status);
  }

  /** The runtime {@code BROKER_RUNTIME} names and the pool of its sandboxes; nothing starts until its start(). */
  public static SandboxPool sandboxPool(Vertx vertx, BrokerConfig config) {
    return sandboxPool(vertx, config, null);
  }

  /** @param headStart what a cold start began for the Docker runtime before Vert.x ({@code Main}), or null */
  public static SandboxPool sandboxPool(Vertx vertx, BrokerConfig config, DockerHeadStart headStart) {
    SandboxRuntime runtime = config.sandbox().runtime() == RuntimeKind.KUBERNETES
        ? KubernetesSandboxRuntime.create(vertx, config.sandbox(), config.kubernetes())
        : SandboxRuntimes.create(vertx, config.sandbox(), headStart);
    return new SandboxPool(vertx, runtime, config.pool(), kernelSettings(config),
        Language.PYTHON.kernelSpec(), "after " + KernelSessionRegistry.describeIdle(config.server().sessionIdleTimeout())
            + " without use (BROKER_SESSION_IDLE_TIMEOUT).", config.sandbox().orphanTimeout().dividedBy(4),
        config.restart(), config.restart().keep()
            ? SessionDigest.load(config.sandbox().stateDir(), config.restart().sessionKey()) : null);
  }

  private static KernelSettings kernelSettings(BrokerConfig config) {
    var execution = config.execution();
    return KernelSettings.DEFAULT
        .withOutputLimits(new OutputLimits(execution.maxOutputChars(),
            (int) Math.min(Integer.MAX_VALUE, execution.maxImageBytes())))
        .withInterruptGrace(execution.interruptGrace())
        // The sandbox sends text in pieces of at most 1 MiB; one message beyond this is refused and reported.
        .withMaxMessageBytes((int) Math.min(Integer.MAX_VALUE, (16L << 20) + 2 * execution.maxImageBytes()));
  }

  /**
   * Docker and local sandboxes see a folder of this host as /workspace; a Pod's is an emptyDir the broker cannot reach,
   * so there the file tools refuse instead of serving a broker folder that every session would share.
   */
  private static SessionFiles sessionFiles(Vertx vertx, BrokerConfig config) {
    FileGrants grants = new FileGrants(config.files());
    if (config.sandbox().runtime() != RuntimeKind.KUBERNETES) {
      return new SessionFiles(vertx, grants);
    }
    UnreachableWorkspaceFiles unreachable = new UnreachableWorkspaceFiles("with BROKER_RUNTIME=kubernetes a"
        + " sandbox's /workspace lives in its Pod, which the broker cannot reach as files: move files with code"
        + " instead (print, or write them from Python)");
    return new SessionFiles(vertx, grants, (v, path) -> unreachable);
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

  public Vertx vertx() {
    return vertx;
  }

  public SandboxPool pool() {
    return pool;
  }

  public KernelSessionRegistry sessions() {
    return sessions;
  }

  public BrokerMetrics metrics() {
    return metrics;
  }

  public QuotaRegistry quotas() {
    return quotas;
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
        peer -> pool.runtime().isSandboxAddress(peer), quotas, metrics);
    // Built here, not with the broker: a stdio broker serves no HTTP, and its cold start need not pay for them.
    RestApi rest = new RestApi(vertx, sessions, cells, config.execution(), config.server().maxRequestBytes(),
        config.sandbox().stateDir().resolve("uploads"), quotas);
    http.mount(RestApi.PREFIX, rest.router());
    metrics.watchJvm();
    McpHttpServer server = http;
    metrics.watchSessions(Arrays.stream(McpSession.Transport.values()).collect(Collectors.toMap(
        t -> t.name().toLowerCase(Locale.ROOT),
        t -> (Supplier<Integer>) () -> server.sessions().countsByTransport().getOrDefault(t, 0))), sessions::size);
    // Keep mode: a client back after a restart finds its session, and the kernels the earlier broker left. A kept
    // sandbox records no token, so with several tokens none is resumed: a session may only serve the token that
    // opened it, and which one that was is not known after a restart.
    if (config.server().access().tokens().size() <= 1) {
      http.sessions().resumeWhen(pool::holdsAdopted);
    } else if (config.restart().keep()) {
      LOG.warn("BROKER_ON_EXIT=keep with {} tokens: sandboxes are kept, but MCP sessions are resumed only with one"
          + " token (a kept sandbox does not record which token opened its session)",
          config.server().access().tokens().size());
    }
    return http.start();
  }

  /**
   * Closes the endpoint, then every kernel session, then the pool's remaining sandboxes. In keep mode the sessions
   * let go of their kernels first (closing the endpoint would end them), and the pool leaves their sandboxes running.
   */
  public Future<Void> close() {
    pool.stopRefills();
    Future<Void> detached = config.restart().keep() ? sessions.detachAll() : Future.succeededFuture();
    return detached.eventually(() -> {
      jobs.close();
      return http == null ? Future.succeededFuture() : http.close();
    }).eventually(sessions::closeAll).eventually(pool::close);
  }
}
