package dev.kernelbroker.kubernetes;

import dev.kernelbroker.sandbox.SandboxException;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Waits (blocking) until a sandbox Pod is Ready and has an IP, failing at once when it can never be: it ended, was
 * deleted, or its image cannot be pulled or its container made.
 */
final class PodReadiness {
  private static final Set<String> HOPELESS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff");

  private PodReadiness() {}

  /** The Pod's IP once it is ready. */
  static String await(KubernetesClient client, String namespace, String name, Duration deadline) {
    Pod pod;
    try {
      pod = client.pods().inNamespace(namespace).withName(name)
          .waitUntilCondition(p -> p == null || ready(p) || hopeless(p), deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new SandboxException("Pod " + name + " was not ready within " + deadline.toSeconds() + " s ("
          + describe(client.pods().inNamespace(namespace).withName(name).get()) + ")", e);
    }
    if (pod == null) {
      throw new SandboxException("Pod " + name + " was deleted while it started");
    }
    if (!ready(pod)) {
      throw new SandboxException("Pod " + name + " cannot start: " + describe(pod));
    }
    return pod.getStatus().getPodIP();
  }

  static boolean ready(Pod pod) {
    return KubernetesSandboxRuntime.running(pod) && pod.getStatus().getPodIP() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean hopeless(Pod pod) {
    if (pod.getStatus() == null) {
      return false;
    }
    String phase = pod.getStatus().getPhase();
    return "Failed".equals(phase) || "Succeeded".equals(phase)
        || waiting(pod).stream().anyMatch(w -> HOPELESS.contains(w.split(":", 2)[0]));
  }

  private static List<String> waiting(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
        .filter(s -> s != null && s.getWaiting() != null)
        .map(s -> s.getWaiting().getReason() + (s.getWaiting().getMessage() == null ? ""
            : ": " + s.getWaiting().getMessage()))
        .toList();
  }

  private static String describe(Pod pod) {
    if (pod == null) {
      return "it no longer exists";
    }
    if (pod.getStatus() == null) {
      return "no status yet";
    }
    String reasons = waiting(pod).stream().collect(Collectors.joining("; "));
    return "phase " + pod.getStatus().getPhase() + (reasons.isEmpty() ? "" : ", " + reasons);
  }
}
