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
  static final String SOCKET_DIR = "/run/kernel-broker";
  static final String SOCKET_NAME = "jupyter.sock";
  /** The bridge network the broker creates, on which sandboxes cannot reach one another. */
  static final String ISOLATED_NETWORK = "kernel-broker-isolated";

  private ContainerSpec() {}

  /**
   * @param socketDir the host folder for Jupyter's Unix socket with network {@code none}; unused with {@code bridge}
   */
  static CreateContainerCmd create(DockerClient docker, SandboxSettings settings, String name, String token,
      SandboxUser user, Path workspace, Path socketDir, Map<String, String> labels) {
    boolean isolated = settings.network() == NetworkMode.NONE;
    List<Bind> binds = new ArrayList<>(List.of(new Bind(workspace.toString(), new Volume(WORKSPACE), AccessMode.rw)));
    List<String> env = new ArrayList<>(List.of("JUPYTER_TOKEN=" + token, "USER=sandbox", "LOGNAME=sandbox"));
    HostConfig host = HostConfig.newHostConfig()
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + Math.max(64L << 20, settings.memoryBytes() / 2)))
        .withMemory(settings.memoryBytes())
        .withMemorySwap(settings.memoryBytes())
        .withNanoCPUs(Math.round(settings.cpus() * 1e9))
        .withPidsLimit((long) settings.pids())
        .withNetworkMode(isolated ? "none" : ISOLATED_NETWORK);
    settings.ociRuntime().ifPresent(host::withRuntime);
    CreateContainerCmd create = docker.createContainerCmd(settings.image()).withName(name).withUser(user.spec())
        .withLabels(labels);
    if (isolated) {
      binds.add(new Bind(socketDir.toString(), new Volume(SOCKET_DIR), AccessMode.rw));
      env.add("KB_JUPYTER_SOCK=" + SOCKET_DIR + "/" + SOCKET_NAME);
    } else {
      // Loopback only, random host port: nothing off this machine, and no other sandbox, can reach Jupyter.
      host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), JUPYTER));
      create.withExposedPorts(JUPYTER);
    }
    return create.withEnv(env).withHostConfig(host.withBinds(binds));
  }
}
