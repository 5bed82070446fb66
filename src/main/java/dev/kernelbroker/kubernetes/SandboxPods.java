package dev.kernelbroker.kubernetes;

import dev.kernelbroker.config.KubernetesSettings;
import dev.kernelbroker.config.SandboxSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardened Pod one session's sandbox runs in: the Docker runtime's container, as Kubernetes says it. Non-root
 * (uid 1000), no privilege escalation, every capability dropped, the default seccomp profile, a read-only root with
 * emptyDirs for {@code /tmp} and {@code /workspace}, memory and CPU limits, no service account token, and optionally
 * a RuntimeClass (gVisor). Kubernetes has no per-Pod pids limit in the Pod spec (the kubelet's podPidsLimit sets one
 * for every Pod of a node), so {@code BROKER_SANDBOX_PIDS} is not applied here.
 */
final class SandboxPods {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGER = "kernel-broker";
  static final String SANDBOX = "sandbox";
  /** The broker (its Pod's name) that holds the sandbox now. */
  static final String OWNER_LABEL = "dev.kernelbroker/owner";
  static final String OWNER_NAMESPACE_LABEL = "dev.kernelbroker/owner-namespace";
  /** Keep mode: the digest of the session that claimed the sandbox (labels can change on a Pod; on a container not). */
  static final String SESSION_LABEL = "dev.kernelbroker/session";
  static final String CONTAINER = "sandbox";
  static final String TOKEN_ENV = "JUPYTER_TOKEN";
  static final Map<String, String> SELECTOR = Map.of(MANAGED_BY, MANAGER, COMPONENT, SANDBOX);
  private static final long SANDBOX_UID = 1000;

  private SandboxPods() {}

  static Pod create(SandboxSettings sandbox, KubernetesSettings kubernetes, String name, String token,
      BrokerIdentity owner, int jupyterPort) {
    Map<String, Quantity> limits = Map.of(
        "memory", new Quantity(Long.toString(sandbox.memoryBytes())),
        "cpu", new Quantity(new BigDecimal(Double.toString(sandbox.cpus())).toPlainString()),
        "ephemeral-storage", new Quantity(Long.toString(kubernetes.workspaceBytes() + (64L << 20))));
    // JUPYTER_TOKEN in the spec: whoever may read Pods in this namespace may reach the sandboxes anyway (the
    // namespace is the trust boundary), and an adopting broker reads it back from here. No heartbeat: the
    // broker's start removes (or adopts) what a dead broker left; KB_JUPYTER_SOCK unset, so Jupyter takes TCP.
    Container container = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(sandbox.image())
        .withImagePullPolicy("IfNotPresent")
        .withEnv(new EnvVar(TOKEN_ENV, token, null), new EnvVar("USER", "sandbox", null),
            new EnvVar("LOGNAME", "sandbox", null))
        .addNewPort().withContainerPort(jupyterPort).withProtocol("TCP").withName("jupyter").endPort()
        .withNewSecurityContext()
            .withRunAsNonRoot(true).withRunAsUser(SANDBOX_UID).withRunAsGroup(SANDBOX_UID)
            .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withPrivileged(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .withNewResources().withLimits(limits).withRequests(limits).endResources()
        .withVolumeMounts(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build(),
            new VolumeMountBuilder().withName("workspace").withMountPath("/workspace").build())
        .withNewReadinessProbe().withNewTcpSocket().withNewPort(jupyterPort).endTcpSocket()
            .withPeriodSeconds(1).withFailureThreshold(120).endReadinessProbe()
        .build();
    return new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(kubernetes.namespace())
            .addToLabels(SELECTOR).addToLabels(OWNER_LABEL, owner.name())
            .addToLabels(OWNER_NAMESPACE_LABEL, owner.namespace()).endMetadata()
        .withNewSpec()
            .withRestartPolicy("Never")
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withRuntimeClassName(kubernetes.runtimeClass().orElse(null))
            .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(SANDBOX_UID).withRunAsGroup(SANDBOX_UID)
                .withFsGroup(SANDBOX_UID).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .endSecurityContext()
            .withContainers(container)
            .withVolumes(emptyDir("tmp", "Memory", tmpBytes(sandbox)),
                emptyDir("workspace", null, kubernetes.workspaceBytes()))
        .endSpec()
        .build();
  }

  /** Like the Docker runtime's tmpfs (in memory, so counted against the memory limit): half of it, at least 64 MiB. */
  private static long tmpBytes(SandboxSettings sandbox) {
    return Math.max(64L << 20, sandbox.memoryBytes() / 2);
  }

  private static Volume emptyDir(String name, String medium, long bytes) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium(medium)
        .withSizeLimit(new Quantity(Long.toString(bytes))).endEmptyDir().build();
  }

  /** The Jupyter token the Pod was made with, for a broker adopting it. */
  static Optional<String> token(Pod pod) {
    List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
    return containers.stream().filter(c -> CONTAINER.equals(c.getName())).findFirst()
        .flatMap(c -> c.getEnv().stream().filter(e -> TOKEN_ENV.equals(e.getName())).findFirst())
        .map(EnvVar::getValue).filter(v -> !v.isBlank());
  }
}
