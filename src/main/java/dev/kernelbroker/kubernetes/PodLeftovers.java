package dev.kernelbroker.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox Pods whose broker Pod is gone (or is this Pod, from a process before this one): removed, or, when adopting,
 * those a session had claimed are taken over (their owner label set to this broker) and handed back. A live broker's
 * sandboxes are left alone; so are those whose owner this broker cannot look up. Blocking.
 */
final class PodLeftovers {
  /** A claimed sandbox Pod to adopt, with the session digest and Jupyter token it carries. */
  record Kept(String name, String podIp, String sessionDigest, String token) {}

  private static final Logger LOG = LoggerFactory.getLogger(PodLeftovers.class);

  private final KubernetesClient client;
  private final String namespace;
  private final BrokerIdentity self;

  PodLeftovers(KubernetesClient client, String namespace, BrokerIdentity self) {
    this.client = client;
    this.namespace = namespace;
    this.self = self;
  }

  List<Kept> sweep(boolean adopt, Consumer<String> remove) {
    List<Kept> kept = new ArrayList<>();
    for (Pod pod : client.pods().inNamespace(namespace).withLabels(SandboxPods.SELECTOR).list().getItems()) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String name = pod.getMetadata().getName();
      if (ownerAlive(labels.get(SandboxPods.OWNER_LABEL), labels.get(SandboxPods.OWNER_NAMESPACE_LABEL))) {
        continue;
      }
      String digest = labels.get(SandboxPods.SESSION_LABEL);
      Optional<String> token = SandboxPods.token(pod);
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (adopt && digest != null && token.isPresent() && ip != null && KubernetesSandboxRuntime.running(pod)) {
        client.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p).editMetadata()
            .addToLabels(SandboxPods.OWNER_LABEL, self.name())
            .addToLabels(SandboxPods.OWNER_NAMESPACE_LABEL, self.namespace()).endMetadata().build());
        kept.add(new Kept(name, ip, digest, token.get()));
        LOG.info("Keeping sandbox Pod {} of an earlier broker for its session to come back", name);
      } else {
        LOG.info("Removing sandbox Pod {} left behind by an earlier broker", name);
        remove.accept(name);
      }
    }
    return kept;
  }

  private boolean ownerAlive(String owner, String ownerNamespace) {
    if (owner == null || self.name().equals(owner) && self.namespace().equals(ownerNamespace)) {
      return false; // no owner, or this very Pod: a broker process before this one
    }
    try {
      Pod broker = client.pods().inNamespace(ownerNamespace == null ? namespace : ownerNamespace).withName(owner)
          .get();
      return broker != null && KubernetesSandboxRuntime.running(broker);
    } catch (KubernetesClientException e) {
      LOG.warn("Cannot tell whether broker Pod {} is alive ({}); leaving its sandboxes alone", owner,
          e.getMessage());
      return true;
    }
  }
}
