package dev.kernelbroker.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code BROKER_RUNTIME=kubernetes}: the namespace sandbox Pods run in, the optional RuntimeClass (gVisor), the
 * labels that pick out the broker's own Pods (the only ones a sandbox accepts connections from), and the size limit
 * of each sandbox's {@code /workspace} (an emptyDir: it lives and dies with the Pod).
 */
public record KubernetesSettings(String namespace, Optional<String> runtimeClass, Map<String, String> brokerSelector,
    long workspaceBytes) {
  /** Where Kubernetes mounts the namespace of the Pod the broker runs in. */
  public static final String NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public KubernetesSettings {
    Objects.requireNonNull(runtimeClass, "runtimeClass");
    brokerSelector = Map.copyOf(brokerSelector);
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      throw new ConfigException("BROKER_K8S_NAMESPACE=" + namespace + " is not a namespace name");
    }
    if (runtimeClass.isPresent() && !runtimeClass.get().matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new ConfigException("BROKER_K8S_RUNTIME_CLASS=" + runtimeClass.get() + " is not a RuntimeClass name");
    }
    if (brokerSelector.isEmpty()) {
      throw new ConfigException("BROKER_K8S_BROKER_SELECTOR must name at least one label (key=value)");
    }
    if (workspaceBytes < 1L << 20) {
      throw new ConfigException("BROKER_K8S_WORKSPACE_SIZE must be at least 1m, got " + workspaceBytes + " bytes");
    }
  }
}
