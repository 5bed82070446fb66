package dev.kernelbroker.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.NetworkMode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandboxes' NetworkPolicy for each network setting. */
class SandboxNetworkPolicyTest {
  private static final BrokerConfig CONFIG = BrokerConfig.from(Map.of("BROKER_K8S_NAMESPACE", "kb",
      "BROKER_K8S_BROKER_SELECTOR", "app=broker,tier=mcp"));

  @Test
  void noneDeniesAllEgressAndAdmitsOnlyTheBrokerOnJupytersPort() {
    NetworkPolicy policy = SandboxNetworkPolicy.create(CONFIG.kubernetes(), NetworkMode.NONE, 8888);
    assertEquals("kb", policy.getMetadata().getNamespace());
    assertEquals(SandboxPods.SELECTOR, policy.getSpec().getPodSelector().getMatchLabels());
    assertTrue(policy.getSpec().getPolicyTypes().contains("Egress"));
    assertTrue(policy.getSpec().getEgress().isEmpty());
    var ingress = policy.getSpec().getIngress();
    assertEquals(1, ingress.size());
    assertEquals(Map.of("app", "broker", "tier", "mcp"), ingress.get(0).getFrom().get(0).getPodSelector()
        .getMatchLabels());
    assertEquals(8888, ingress.get(0).getPorts().get(0).getPort().getIntVal());
  }

  @Test
  void bridgeAllowsEgressButStillAdmitsOnlyTheBroker() {
    NetworkPolicy policy = SandboxNetworkPolicy.create(CONFIG.kubernetes(), NetworkMode.BRIDGE, 8888);
    assertEquals(1, policy.getSpec().getEgress().size());
    assertTrue(policy.getSpec().getEgress().get(0).getTo().isEmpty(), "one rule without peers: anywhere");
    assertEquals(1, policy.getSpec().getIngress().size());
  }
}
