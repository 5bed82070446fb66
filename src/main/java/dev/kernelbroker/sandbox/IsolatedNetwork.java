package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge network sandboxes use with {@code BROKER_SANDBOX_NETWORK=bridge}: outbound traffic allowed,
 * inter-container traffic off, so one session's code cannot connect to another session's sandbox.
 */
final class IsolatedNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(IsolatedNetwork.class);
  private static final String ICC = "com.docker.network.bridge.enable_icc";

  private IsolatedNetwork() {}

  /** Creates the network if missing; answers its subnets, so the broker can refuse requests from sandboxes. */
  static List<Subnet> ensure(DockerClient docker, String name) {
    create(docker, name);
    var ipam = docker.inspectNetworkCmd().withNetworkId(name).exec().getIpam();
    return ipam == null || ipam.getConfig() == null ? List.of() : ipam.getConfig().stream()
        .map(c -> c.getSubnet()).filter(subnet -> subnet != null && subnet.contains("/")).map(Subnet::parse).toList();
  }

  private static void create(DockerClient docker, String name) {
    boolean present = docker.listNetworksCmd().withNameFilter(name).exec().stream()
        .anyMatch(n -> name.equals(n.getName()));
    if (present) {
      String icc = docker.inspectNetworkCmd().withNetworkId(name).exec().getOptions().get(ICC);
      if (!"false".equals(icc)) {
        throw new SandboxException("the Docker network " + name + " exists but lets containers reach one another ("
            + ICC + "=" + icc + "); remove it (docker network rm " + name + ") and the broker recreates it");
      }
      return;
    }
    try {
      docker.createNetworkCmd().withName(name).withDriver("bridge")
          .withOptions(Map.of(ICC, "false"))
          .withLabels(Map.of(DockerSandboxes.MANAGED_LABEL, "true")).exec();
      LOG.info("Created Docker network {} (bridge, inter-container traffic off)", name);
    } catch (ConflictException raced) {
      LOG.debug("network {} was created meanwhile", name);
    }
  }
}
