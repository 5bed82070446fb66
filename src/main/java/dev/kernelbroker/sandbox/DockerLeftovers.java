package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox containers that brokers no longer running left behind: removed, or, when adopting, those a session had
 * claimed are kept (heartbeat resumed at once, before their watchdog gives up) and handed back. A live broker's
 * sandboxes on this host are left alone; so are running ones of a broker on another host sharing the engine.
 * Blocking.
 */
final class DockerLeftovers {
  /** A claimed sandbox to adopt; {@code hostPort} is null when Jupyter listens on the socket in its run folder. */
  record Kept(String id, String name, ClaimRecords.Claim claim, Integer hostPort) {}

  /** Removes a leftover's container, run folder and claim record, and releases its workspace folder. */
  interface Removal {
    void remove(String id, String name, Optional<Path> workspace);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DockerLeftovers.class);

  private final DockerClient docker;
  private final ClaimRecords claims;
  private final String hostName;
  private final String installation;

  DockerLeftovers(DockerClient docker, ClaimRecords claims, String hostName, String installation) {
    this.docker = docker;
    this.claims = claims;
    this.hostName = hostName;
    this.installation = installation;
  }

  /**
   * @param adopt whether claimed sandboxes are kept for adoption (keep mode) rather than removed
   * @param heartbeat touches a kept sandbox's heartbeat, by container name
   */
  List<Kept> sweep(boolean adopt, Consumer<String> heartbeat, Removal removal) {
    List<Kept> kept = new ArrayList<>();
    java.util.Set<String> unmatched = new java.util.HashSet<>(claims.names());
    List<Container> managed = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerSandboxRuntime.MANAGED_LABEL, "true")).exec();
    for (Container c : managed) {
      String name = Arrays.stream(c.getNames() == null ? new String[0] : c.getNames())
          .map(n -> n.replaceFirst("^/", "")).findFirst().orElse(c.getId());
      unmatched.remove(name);
      Map<String, String> labels = c.getLabels();
      Optional<ClaimRecords.Claim> claim = claims.read(name);
      // An adopting broker rewrites the claim with its own pid: that, not the label, names the owner then.
      String ownerHost = claim.map(ClaimRecords.Claim::ownerHost)
          .orElse(labels.get(DockerSandboxRuntime.OWNER_HOST_LABEL));
      String ownerPid = claim.map(cl -> Long.toString(cl.ownerPid()))
          .orElse(labels.get(DockerSandboxRuntime.OWNER_PID_LABEL));
      boolean sameHost = hostName.equals(ownerHost);
      boolean running = "running".equals(c.getState());
      // A claim this very process took over in a sweep whose prepare then failed is swept again, not skipped as a
      // live broker's: else its sandbox would be neither adopted nor removed (and its heartbeat would stop).
      boolean takenByUs = claim.isPresent() && claim.get().ownerPid() == ProcessHandle.current().pid();
      if (sameHost && ownerAlive(ownerPid) && !takenByUs) {
        continue;
      }
      // Another installation's running sandbox may be waiting for its own broker to restart and adopt it.
      String madeBy = labels.get(DockerSandboxRuntime.INSTALLATION_LABEL);
      boolean ours = sameHost && (madeBy == null || madeBy.equals(installation));
      if (adopt && claim.isPresent() && ours && running) {
        heartbeat.accept(name);
        ClaimRecords.Claim c0 = claim.get();
        claims.write(name, new ClaimRecords.Claim(c0.sessionDigest(), c0.token(), c0.workspace(),
            ProcessHandle.current().pid(), hostName));
        kept.add(new Kept(c.getId(), name, c0, jupyterHostPort(c)));
        LOG.info("Keeping sandbox container {} of an earlier broker for its session to come back", name);
      } else if (ours || !running) {
        LOG.info("Removing sandbox container {} left behind by an earlier broker", name);
        Optional<Path> workspace = claim.map(ClaimRecords.Claim::workspace).or(() -> mountedWorkspace(c));
        removal.remove(c.getId(), name, workspace);
      }
    }
    // A claim whose container is gone (removed by hand, or by its own watchdog) has nothing left to adopt.
    unmatched.forEach(claims::delete);
    return kept;
  }

  private static Integer jupyterHostPort(Container c) {
    return Arrays.stream(c.getPorts() == null ? new ContainerPort[0] : c.getPorts())
        .filter(p -> p.getPrivatePort() != null && p.getPrivatePort() == ContainerSpec.JUPYTER_PORT
            && p.getPublicPort() != null)
        .map(ContainerPort::getPublicPort).findFirst().orElse(null);
  }

  private static Optional<Path> mountedWorkspace(Container c) {
    return c.getMounts() == null ? Optional.empty() : c.getMounts().stream()
        .filter(m -> ContainerSpec.WORKSPACE.equals(m.getDestination()) && m.getSource() != null)
        .map(m -> Path.of(m.getSource())).findFirst();
  }

  static boolean ownerAlive(String pid) {
    try {
      return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
