package dev.kernelbroker.kubernetes;

import dev.kernelbroker.config.KubernetesSettings;
import dev.kernelbroker.config.NetworkMode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.List;

/**
 * One NetworkPolicy over every sandbox Pod of the namespace: in, only the broker's Pods, and only to Jupyter's port
 * (so no sandbox reaches another); out, nothing with network {@code none} (not even DNS), anything with
 * {@code bridge}. Enforced only where the cluster's network plugin implements NetworkPolicy (Calico, Cilium, ...).
 */
final class SandboxNetworkPolicy {
  static final String NAME = "kernel-broker-sandboxes";

  private SandboxNetworkPolicy() {}

  static NetworkPolicy create(KubernetesSettings kubernetes, NetworkMode network, int jupyterPort) {
    List<NetworkPolicyEgressRule> egress = network == NetworkMode.NONE ? List.of()
        : List.of(new NetworkPolicyEgressRule()); // an empty rule allows every destination
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName(NAME).withNamespace(kubernetes.namespace())
            .addToLabels(SandboxPods.MANAGED_BY, SandboxPods.MANAGER).endMetadata()
        .withNewSpec()
            .withNewPodSelector().withMatchLabels(SandboxPods.SELECTOR).endPodSelector()
            .withPolicyTypes("Ingress", "Egress")
            .addNewIngress()
                .addNewFrom().withNewPodSelector().withMatchLabels(kubernetes.brokerSelector()).endPodSelector()
                .endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(jupyterPort)).endPort()
            .endIngress()
            .withEgress(egress)
        .endSpec()
        .build();
  }
}
