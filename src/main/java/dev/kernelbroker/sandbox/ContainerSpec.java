package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.SandboxSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The hardened container one session's sandbox runs in: what it may do, use and see. */
final class ContainerSpec {
  static final int JUPYTER_PORT = 8888;
  static final ExposedPort JUPYTER = ExposedPort.tcp(JUPYTER_PORT);
  static final String WORKSPACE = "/workspace";
  /** A per-sandbox host folder: Jupyter's Unix socket (network none) and the broker's heartbeat. */
  static final String RUN_DIR = "/run/kernel-broker";
  static final String SOCKET_NAME = "jupyter.sock";
  static final String HEARTBEAT_NAME = "heartbeat";
  /** The bridge network the broker creates, on which sandboxes cannot reach one another. */
  static final String ISOLATED_NETWORK = "kernel-broker-isolated";

  private ContainerSpec() {}

  /**
   * Whether a sandbox boots without its CPU limit, which {@link #applySessionLimits} sets before it serves: Jupyter
   * Server and the kernel that starts beside it (kb_jupyter/warm.py) then boot side by side instead of sharing one
   * CPU, about 0.3 s of a cold start (issue 9). Only their code runs meanwhile, never a session's. gVisor's runsc
   * cannot change a running container's limits, so under an OCI runtime the limit holds from the start.
   */
  static boolean bootsUnlimited(SandboxSettings settings) {
    return settings.ociRuntime().isEmpty();
  }

  /** Blocking: the sandbox's CPU limit, for a sandbox that booted without it. */
  static void applySessionLimits(DockerClient docker, SandboxSettings settings, String containerId) {
    if (bootsUnlimited(settings)) {
      docker.updateContainerCmd(containerId).withNanoCPUs(nanoCpus(settings)).exec();
    }
  }

  private static long nanoCpus(SandboxSettings settings) {
    return Math.round(settings.cpus() * 1e9);
  }

  /**
   * @param runDir the host folder seen as {@link #RUN_DIR}: the heartbeat the sandbox watches, so it stops itself
   *     when its broker is gone, and with network {@code none} Jupyter's socket
   */
  static CreateContainerCmd create(DockerClient docker, SandboxSettings settings, String name, String token,
      SandboxUser user, Path workspace, Path runDir, Map<String, String> labels) {
    boolean isolated = settings.network() == NetworkMode.NONE;
    List<Bind> binds = List.of(new Bind(workspace.toString(), new Volume(WORKSPACE), AccessMode.rw),
        new Bind(runDir.toString(), new Volume(RUN_DIR), AccessMode.rw));
    List<String> env = new ArrayList<>(List.of("JUPYTER_TOKEN=" + token, "USER=sandbox", "LOGNAME=sandbox",
        "KB_HEARTBEAT=" + RUN_DIR + "/" + HEARTBEAT_NAME,
        "KB_ORPHAN_TIMEOUT=" + settings.orphanTimeout().toSeconds()));
    HostConfig host = HostConfig.newHostConfig()
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + Math.max(64L << 20, settings.memoryBytes() / 2)))
        .withMemory(settings.memoryBytes())
        .withMemorySwap(settings.memoryBytes())
        .withNanoCPUs(bootsUnlimited(settings) ? 0L : nanoCpus(settings))
        .withPidsLimit((long) settings.pids())
        .withNetworkMode(isolated ? "none" : ISOLATED_NETWORK);
    settings.ociRuntime().ifPresent(host::withRuntime);
    CreateContainerCmd create = docker.createContainerCmd(settings.image()).withName(name).withUser(user.spec())
        .withLabels(labels);
    if (isolated) {
      env.add("KB_JUPYTER_SOCK=" + RUN_DIR + "/" + SOCKET_NAME);
    } else {
      // Loopback only, random host port: nothing off this machine, and no other sandbox, can reach Jupyter.
      host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), JUPYTER));
      create.withExposedPorts(JUPYTER);
    }
    return create.withEnv(env).withHostConfig(host.withBinds(binds));
  }
}
