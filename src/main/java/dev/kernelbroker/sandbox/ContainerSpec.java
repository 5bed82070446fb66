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
import dev.kernelbroker.config.SandboxSettings;
import java.util.List;
import java.util.Map;

/** The hardened container the sandbox runs in: what it may do, use and see. */
final class ContainerSpec {
  static final int JUPYTER_PORT = 8888;
  static final ExposedPort JUPYTER = ExposedPort.tcp(JUPYTER_PORT);
  static final String SANDBOX_USER = "1000:1000";
  static final String WORKSPACE = "/workspace";

  private ContainerSpec() {}

  static CreateContainerCmd create(DockerClient docker, SandboxSettings settings, String name, String token,
      Map<String, String> labels) {
    HostConfig host = HostConfig.newHostConfig()
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + Math.max(64L << 20, settings.memoryBytes() / 2)))
        .withMemory(settings.memoryBytes())
        .withMemorySwap(settings.memoryBytes())
        .withNanoCPUs(Math.round(settings.cpus() * 1e9))
        .withPidsLimit((long) settings.pids())
        .withNetworkMode(settings.network())
        .withBinds(new Bind(settings.workspaceDir().toString(), new Volume(WORKSPACE), AccessMode.rw))
        // Loopback only, random host port: nothing off this machine can reach Jupyter.
        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), JUPYTER));
    return docker.createContainerCmd(settings.image())
        .withName(name)
        .withUser(SANDBOX_USER)
        .withEnv("JUPYTER_TOKEN=" + token)
        .withExposedPorts(JUPYTER)
        .withLabels(labels)
        .withHostConfig(host);
  }
}
