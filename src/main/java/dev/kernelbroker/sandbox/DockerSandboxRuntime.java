package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default runtime: Jupyter Server in a hardened container, driven through docker-java on worker threads. */
public final class DockerSandboxRuntime implements SandboxRuntime {
  static final String MANAGED_LABEL = "dev.kernelbroker.managed";
  static final String OWNER_PID_LABEL = "dev.kernelbroker.owner-pid";
  static final String OWNER_HOST_LABEL = "dev.kernelbroker.owner-host";
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxRuntime.class);
  private static final String HOST_NAME = hostName();

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final DockerClient docker;
  private final ReadinessProbe readiness;

  public DockerSandboxRuntime(Vertx vertx, SandboxSettings settings, DockerClient docker, ReadinessProbe readiness) {
    this.vertx = vertx;
    this.settings = settings;
    this.docker = docker;
    this.readiness = readiness;
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
    return blocking(() -> {
      DockerConnection.ping(docker);
      removeLeftovers();
      SandboxImageBuilder.ensure(docker, settings.image(), settings.usesDefaultImage());
      return null;
    });
  }

  @Override
  public Future<SandboxInstance> start() {
    String token = Secrets.token();
    return blocking(() -> createAndStart(token))
        .compose(instance -> readiness.await(instance.endpoint(), settings.startTimeout(), () -> isRunning(instance))
            .map(instance)
            .recover(notReady -> recentLogs(instance)
                .compose(logs -> stop(instance).transform(ignored -> Future.failedFuture(new SandboxException(
                    "sandbox container " + shortId(instance.id()) + " did not become ready: " + notReady.getMessage()
                        + "\nLast lines of its log:\n" + logs, notReady))))));
  }

  private SandboxInstance createAndStart(String token) {
    Workspace.prepare(settings.workspaceDir());
    String name = "kernel-broker-" + Secrets.token().substring(0, 12);
    String id = ContainerSpec.create(docker, settings, name, token, Map.of(
        MANAGED_LABEL, "true",
        OWNER_PID_LABEL, Long.toString(ProcessHandle.current().pid()),
        OWNER_HOST_LABEL, HOST_NAME)).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
      Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ContainerSpec.JUPYTER);
      if (bindings == null || bindings.length == 0) {
        throw new SandboxException("Docker published no host port for the sandbox's Jupyter port");
      }
      int port = Integer.parseInt(bindings[0].getHostPortSpec());
      LOG.info("Started sandbox container {} ({}) from {}; Jupyter on 127.0.0.1:{}", name, shortId(id),
          settings.image(), port);
      return new SandboxInstance(id, new JupyterEndpoint("127.0.0.1", port, token), Instant.now());
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
  }

  @Override
  public Future<Boolean> isRunning(SandboxInstance instance) {
    return blocking(() -> {
      try {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(instance.id()).exec().getState().getRunning());
      } catch (NotFoundException gone) {
        return false;
      }
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
  public void stopNow(SandboxInstance instance) {
    remove(instance.id());
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      LOG.info("Removed sandbox container {}", shortId(id));
    } catch (NotFoundException alreadyGone) {
      LOG.debug("Sandbox container {} was already gone", shortId(id));
    }
  }

  Future<String> recentLogs(SandboxInstance instance) {
    return blocking(() -> DockerConnection.tail(docker, instance.id(), 30));
  }

  /** Containers of brokers that are no longer running; a live broker's sandbox on this host is left alone. */
  private void removeLeftovers() {
    List<Container> ours = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(MANAGED_LABEL, "true")).exec();
    for (Container c : ours) {
      Map<String, String> labels = c.getLabels();
      boolean sameHost = HOST_NAME.equals(labels.get(OWNER_HOST_LABEL));
      boolean ownerAlive = sameHost && ownerAlive(labels.get(OWNER_PID_LABEL));
      if (!ownerAlive && (sameHost || !"running".equals(c.getState()))) {
        LOG.info("Removing sandbox container {} left behind by an earlier broker", shortId(c.getId()));
        remove(c.getId());
      }
    }
  }

  private static boolean ownerAlive(String pid) {
    try {
      return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  /** Docker's own short form of a container id. */
  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
