package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default runtime: Jupyter Server in a hardened container, driven through docker-java on worker threads. */
public final class DockerSandboxRuntime implements SandboxRuntime {
  private static final java.time.Duration ADOPT_PROBE = java.time.Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxRuntime.class);
  private static final String HOST_NAME = DockerSandboxes.HOST_NAME;

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final DockerHeadStart headStart;
  private final DockerSandboxes sandboxes;
  private final DockerClient docker;
  private final EngineCalls engine;
  private final ReadinessProbe readiness;
  private final WorkspaceFolders workspaces;
  private final ClaimRecords claims;
  private volatile List<Subnet> sandboxSubnets = List.of();
  private volatile DockerPreparation preparation;

  public DockerSandboxRuntime(Vertx vertx, SandboxSettings settings, DockerClient docker, ReadinessProbe readiness) {
    this(vertx, settings, DockerHeadStart.opened(settings, docker), readiness);
  }

  /** A runtime that takes what {@code headStart} began: its client, and its first sandbox as the first launch. */
  public DockerSandboxRuntime(Vertx vertx, SandboxSettings settings, DockerHeadStart headStart,
      ReadinessProbe readiness) {
    this.vertx = vertx;
    this.settings = settings;
    this.headStart = headStart;
    this.docker = headStart.client();
    this.engine = EngineCalls.of(docker);
    this.workspaces = headStart.workspaces();
    this.sandboxes = new DockerSandboxes(settings, engine, workspaces);
    this.readiness = readiness;
    this.claims = new ClaimRecords(settings.stateDir());
  }

  @Override
  public java.util.Optional<ProcessCount> processes(SandboxInstance instance) {
    return PidsCgroup.read(instance.id());
  }

  @Override
  public java.util.Optional<ResourceMeter> resourceMeter(SandboxInstance instance) {
    return CgroupMeter.of(instance.id());
  }

  @Override
  public Future<java.io.Closeable> watchStops(java.util.function.Consumer<String> onStopped) {
    // By installation, not by this process's pid: a sandbox adopted from an earlier broker keeps that one's pid
    // label (labels cannot change), and its stop must show too. Ids the pool does not hold are ignored there.
    return blocking(() -> (java.io.Closeable) StopWatch.start(docker, Map.of(DockerSandboxes.MANAGED_LABEL, "true",
        DockerSandboxes.INSTALLATION_LABEL, installation()), onStopped));
  }

  @Override
  public boolean isSandboxAddress(String ip) {
    return sandboxSubnets.stream().anyMatch(subnet -> subnet.contains(ip));
  }

  @Override
  public WorkspaceFolders workspaces() {
    return workspaces;
  }

  @Override
  public RuntimeKind kind() {
    return RuntimeKind.DOCKER;
  }

  @Override
  public String description() {
    return settings.image();
  }

  @Override
  public Future<Void> checkAvailable() {
    return blocking(() -> {
      DockerConnection.ping(docker);
      return null;
    });
  }

  @Override
  public Future<Void> prepare() {
    return prepare(false).mapEmpty();
  }

  @Override
  public Future<List<AdoptableSandbox>> prepareAdopting() {
    return prepare(true).compose(kept -> SandboxRuntime.reconnected(kept, this::reconnect));
  }

  private Future<List<DockerLeftovers.Kept>> prepare(boolean adopt) {
    DockerPreparation begun = new DockerPreparation(vertx,
        () -> {
          DockerConnection.ping(docker);
          return null;
        },
        () -> {
          List<DockerLeftovers.Kept> kept = new DockerLeftovers(engine, claims, HOST_NAME, installation())
              .sweep(adopt, name -> HostFiles.touch(runDir(name).resolve(ContainerSpec.HEARTBEAT_NAME)),
                  this::removeLeftover);
          workspaces.prepare();
          return kept;
        },
        () -> {
          boolean built = SandboxImageBuilder.ensure(docker, settings.image(), settings.usesDefaultImage());
          return built;
        },
        settings.network() != NetworkMode.BRIDGE ? null : () -> {
          sandboxSubnets = IsolatedNetwork.ensure(docker, ContainerSpec.ISOLATED_NETWORK);
          return null;
        });
    preparation = begun;
    return begun.done();
  }

  /** Sandboxes start while the runtime prepares: {@link DockerPreparation#admit} orders what they depend on. */
  @Override
  public boolean startsWhilePreparing() {
    return true;
  }

  /** An earlier broker's sandbox, reached again (its socket, or its published port) and probed. */
  private Future<java.util.Optional<AdoptableSandbox>> reconnect(DockerLeftovers.Kept kept) {
    String token = kept.claim().token();
    JupyterEndpoint endpoint = kept.hostPort() != null ? new JupyterEndpoint("127.0.0.1", kept.hostPort(), token)
        : JupyterEndpoint.unixSocket(runDir(kept.name()).resolve(ContainerSpec.SOCKET_NAME), token);
    SandboxInstance instance = new SandboxInstance(kept.id(), kept.name(), endpoint, kept.claim().workspace(),
        Instant.now());
    return readiness.await(endpoint, ADOPT_PROBE, () -> isRunning(instance))
        .map(v -> java.util.Optional.of(new AdoptableSandbox(instance, kept.claim().sessionDigest())))
        .recover(failure -> {
          LOG.warn("Sandbox container {} of an earlier broker does not answer ({}); removing it", kept.name(),
              failure.getMessage());
          return blocking(() -> {
            removeLeftover(kept.id(), kept.name(), java.util.Optional.of(kept.claim().workspace()));
            return java.util.Optional.empty();
          });
        });
  }

  private void removeLeftover(String id, String name, java.util.Optional<Path> workspace) {
    sandboxes.remove(id, name);
    claims.delete(name);
    workspace.ifPresent(workspaces::release);
  }

  @Override
  public void recordClaim(SandboxInstance instance, String sessionDigest) {
    claims.write(instance.name(), new ClaimRecords.Claim(sessionDigest, instance.endpoint().token(),
        instance.workspaceDir(), ProcessHandle.current().pid(), HOST_NAME));
  }

  /** After {@link #prepare()} was begun: a sandbox from the checked image (see {@link DockerPreparation#admit}). */
  @Override
  public Future<SandboxInstance> start() {
    DockerPreparation begun = preparation;
    return begun == null ? Future.failedFuture(new SandboxException("no sandbox starts before the Docker runtime"
        + " was prepared")) : begun.admit(this::launch, this::discard);
  }

  private Future<SandboxInstance> launch() {
    Future<SandboxInstance> made = headStart.takeFirst()
        .map(first -> Future.fromCompletionStage(first, vertx.getOrCreateContext()))
        .orElseGet(() -> blocking(sandboxes::createAndStart))
        .onSuccess(instance -> LOG.info("Started sandbox container {} ({}) from {}{}; Jupyter at {}", instance.name(),
            instance.shortId(), settings.image(), settings.ociRuntime().map(r -> " under " + r).orElse(""),
            instance.endpoint()));
    return made.compose(instance -> readiness.await(instance.endpoint(), settings.startTimeout(),
            () -> isRunning(instance))
        .map(instance)
        .recover(notReady -> recentLogs(instance)
            .compose(logs -> discard(instance).transform(ignored -> Future.failedFuture(new SandboxException(
                "sandbox container " + instance.shortId() + " did not become ready: " + notReady.getMessage()
                    + "\nLast lines of its log:\n" + logs, notReady))))));
  }

  /** The broker is alive: the sandbox's watchdog stops it when this file ages past the orphan timeout. */
  @Override
  public void heartbeat(SandboxInstance instance) {
    HostFiles.touch(runDir(instance.name()).resolve(ContainerSpec.HEARTBEAT_NAME));
  }

  private Path runDir(String name) {
    return sandboxes.runDir(name);
  }

  @Override
  public Future<Void> applySessionLimits(SandboxInstance instance) {
    return blocking(() -> {
      ContainerSpec.sessionLimits(settings).ifPresent(limits -> engine.update(instance.id(), limits));
      return null;
    });
  }

  @Override
  public Future<Boolean> isRunning(SandboxInstance instance) {
    return blocking(() -> {
      return engine.inspectContainer(instance.id())
          .map(inspected -> Boolean.TRUE.equals(inspected.getJsonObject("State", new JsonObject())
              .getBoolean("Running")))
          .orElse(false);
    });
  }

  @Override
  public Future<Void> stop(SandboxInstance instance) {
    return blocking(() -> {
      stopNow(instance);
      return null;
    });
  }

  @Override
  public Future<Void> discard(SandboxInstance instance) {
    return blocking(() -> {
      stopNow(instance);
      workspaces.release(instance.workspaceDir());
      return null;
    });
  }

  @Override
  public void stopNow(SandboxInstance instance) {
    sandboxes.remove(instance.id(), instance.name());
    claims.delete(instance.name());
  }

  Future<String> recentLogs(SandboxInstance instance) {
    return blocking(() -> DockerConnection.tail(docker, instance.id(), 30));
  }

  private String installation() {
    return sandboxes.installation();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
