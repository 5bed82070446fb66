package dev.kernelbroker.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private final EngineCalls engine;
  private final ClaimRecords claims;
  private final String hostName;
  private final String installation;

  DockerLeftovers(EngineCalls engine, ClaimRecords claims, String hostName, String installation) {
    this.engine = engine;
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
    for (JsonObject c : engine.listContainers(DockerSandboxes.MANAGED_LABEL, "true")) {
      String id = c.getString("Id");
      JsonArray names = c.getJsonArray("Names", new JsonArray());
      String name = names.isEmpty() ? id : names.getString(0).replaceFirst("^/", "");
      unmatched.remove(name);
      JsonObject labels = c.getJsonObject("Labels", new JsonObject());
      Optional<ClaimRecords.Claim> claim = claims.read(name);
      // An adopting broker rewrites the claim with its own pid: that, not the label, names the owner then.
      String ownerHost = claim.map(ClaimRecords.Claim::ownerHost)
          .orElse(labels.getString(DockerSandboxes.OWNER_HOST_LABEL));
      String ownerPid = claim.map(cl -> Long.toString(cl.ownerPid()))
          .orElse(labels.getString(DockerSandboxes.OWNER_PID_LABEL));
      boolean sameHost = hostName.equals(ownerHost);
      boolean running = "running".equals(c.getString("State"));
      // A claim this very process took over in a sweep whose prepare then failed is swept again, not skipped as a
      // live broker's: else its sandbox would be neither adopted nor removed (and its heartbeat would stop).
      boolean takenByUs = claim.isPresent() && claim.get().ownerPid() == ProcessHandle.current().pid();
      if (sameHost && ownerAlive(ownerPid) && !takenByUs) {
        continue;
      }
      // Another installation's running sandbox may be waiting for its own broker to restart and adopt it.
      String madeBy = labels.getString(DockerSandboxes.INSTALLATION_LABEL);
      boolean ours = sameHost && (madeBy == null || madeBy.equals(installation));
      if (adopt && claim.isPresent() && ours && running) {
        heartbeat.accept(name);
        ClaimRecords.Claim c0 = claim.get();
        claims.write(name, new ClaimRecords.Claim(c0.sessionDigest(), c0.token(), c0.workspace(),
            ProcessHandle.current().pid(), hostName));
        kept.add(new Kept(id, name, c0, jupyterHostPort(c)));
        LOG.info("Keeping sandbox container {} of an earlier broker for its session to come back", name);
      } else if (ours || !running) {
        LOG.info("Removing sandbox container {} left behind by an earlier broker", name);
        Optional<Path> workspace = claim.map(ClaimRecords.Claim::workspace).or(() -> mountedWorkspace(c));
        removal.remove(id, name, workspace);
      }
    }
    // A claim whose container is gone (removed by hand, or by its own watchdog) has nothing left to adopt.
    unmatched.forEach(claims::delete);
    return kept;
  }

  /** The list answer's ports: {"PrivatePort": 8888, "PublicPort": 49153, "Type": "tcp", "IP": "127.0.0.1"}. */
  private static Integer jupyterHostPort(JsonObject c) {
    return c.getJsonArray("Ports", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(p -> Integer.valueOf(ContainerSpec.JUPYTER_PORT).equals(p.getInteger("PrivatePort"))
            && p.getInteger("PublicPort") != null)
        .map(p -> p.getInteger("PublicPort")).findFirst().orElse(null);
  }

  private static Optional<Path> mountedWorkspace(JsonObject c) {
    return c.getJsonArray("Mounts", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(m -> ContainerSpec.WORKSPACE.equals(m.getString("Destination")) && m.getString("Source") != null)
        .map(m -> Path.of(m.getString("Source"))).findFirst();
  }

  static boolean ownerAlive(String pid) {
    try {
      return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
