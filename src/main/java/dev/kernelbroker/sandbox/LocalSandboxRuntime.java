package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsandboxed: Jupyter Server as a child process on this machine, for development and machines without Docker.
 * User code then runs with the broker's own rights.
 */
public final class LocalSandboxRuntime implements SandboxRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSandboxRuntime.class);
  private static final String COMMAND = "jupyter-server";

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final Path stateDir;
  private final ReadinessProbe readiness;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final WorkspaceFolders workspaces;

  public LocalSandboxRuntime(Vertx vertx, SandboxSettings settings, Path stateDir, ReadinessProbe readiness) {
    this.vertx = vertx;
    this.settings = settings;
    this.stateDir = stateDir;
    this.readiness = readiness;
    this.workspaces = new WorkspaceFolders(settings);
  }

  @Override
  public WorkspaceFolders workspaces() {
    return workspaces;
  }

  @Override
  public RuntimeKind kind() {
    return RuntimeKind.LOCAL;
  }

  @Override
  public String description() {
    return COMMAND + " on this host (no sandbox)";
  }

  @Override
  public Future<Void> checkAvailable() {
    return vertx.executeBlocking(() -> {
      try {
        Process probe = new ProcessBuilder(COMMAND, "--version").redirectErrorStream(true).start();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return null;
        }
        probe.destroyForcibly();
      } catch (IOException e) {
        // reported below
      }
      throw new SandboxException("BROKER_RUNTIME=local needs " + COMMAND + " on PATH, and it does not run. Install"
          + " Jupyter Server (Debian: apt install jupyter-server python3-ipykernel python3-pexpect)");
    }, false);
  }

  @Override
  public Future<Void> prepare() {
    LOG.warn("BROKER_RUNTIME=local: user code runs on this machine with this process's rights, NOT in a sandbox");
    return vertx.executeBlocking(() -> {
      LocalKernelSpecs.install(stateDir, LocalKernelSpecs.serverPython(COMMAND));
      workspaces.prepareLocal();
      return null;
    }, false);
  }

  @Override
  public Future<SandboxInstance> start() {
    return vertx.executeBlocking(this::launch, false)
        .compose(instance -> readiness.await(instance.endpoint(), settings.startTimeout(), () -> isRunning(instance))
            .map(instance)
            .recover(notReady -> discard(instance).transform(ignored -> Future.failedFuture(new SandboxException(
                COMMAND + " did not become ready: " + notReady.getMessage() + "; its log: " + log(instance),
                notReady)))));
  }

  private SandboxInstance launch() throws IOException {
    String token = Secrets.token();
    int port = freePort();
    String name = "local-jupyter-" + port;
    Path workspace = workspaces.allocate(name);
    List<String> command = new java.util.ArrayList<>(List.of(COMMAND,
        "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port, "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False", "--ServerApp.root_dir=" + workspace,
        "--ServerApp.terminals_enabled=False", "--MappingKernelManager.cull_idle_timeout=0",
        "--KernelRestarter.restart_limit=0",
        "--ZMQChannelsWebsocketConnection.iopub_data_rate_limit=0",
        "--ServerApp.kernel_websocket_connection_class=kb_jupyter.websocket.BrokerWebsocketConnection"));
    if ("root".equals(System.getProperty("user.name"))) {
      LOG.warn("BROKER_RUNTIME=local as root: user code runs as root on this machine");
      command.add("--ServerApp.allow_root=True");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(Map.of(
        "JUPYTER_TOKEN", token,
        "JUPYTER_PATH", stateDir.toString(),
        "PYTHONPATH", LocalKernelSpecs.modules(stateDir).toString(),
        "MPLBACKEND", "module://matplotlib_inline.backend_inline"));
    builder.directory(workspace.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile(port).toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SandboxException("cannot start " + COMMAND + " (" + e.getMessage() + "). BROKER_RUNTIME=local needs"
          + " Jupyter Server on PATH, e.g. Debian: apt install jupyter-server python3-ipykernel python3-pexpect", e);
    }
    String id = "pid-" + process.pid() + "-port-" + port;
    processes.put(id, process);
    LOG.info("Started local {} (pid {}) on 127.0.0.1:{}", COMMAND, process.pid(), port);
    return new SandboxInstance(id, name, new JupyterEndpoint("127.0.0.1", port, token), workspace, Instant.now());
  }

  private Path logFile(int port) throws IOException {
    Files.createDirectories(stateDir);
    return stateDir.resolve("jupyter-server-" + port + ".log");
  }

  private String log(SandboxInstance instance) {
    try {
      List<String> lines = Files.readAllLines(logFile(instance.endpoint().port()));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public Future<Boolean> isRunning(SandboxInstance instance) {
    Process process = processes.get(instance.id());
    return Future.succeededFuture(process != null && process.isAlive());
  }

  @Override
  public Future<Void> stop(SandboxInstance instance) {
    return vertx.executeBlocking(() -> {
      stopNow(instance);
      return null;
    }, false);
  }

  @Override
  public Future<Void> discard(SandboxInstance instance) {
    return vertx.executeBlocking(() -> {
      stopNow(instance);
      workspaces.release(instance.workspaceDir());
      return null;
    }, false);
  }

  @Override
  public void stopNow(SandboxInstance instance) {
    Process process = processes.remove(instance.id());
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped local {} {}", COMMAND, instance.id());
  }
}
