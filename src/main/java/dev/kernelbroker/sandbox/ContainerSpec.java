package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.SandboxSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;

/** The hardened container one session's sandbox runs in: what it may do, use and see. */
final class ContainerSpec {
  static final int JUPYTER_PORT = 8888;
  /** Jupyter's port as the Engine API names it, in port bindings and in the inspect answer. */
  static final String JUPYTER = JUPYTER_PORT + "/tcp";
  static final String WORKSPACE = "/workspace";
  /** A per-sandbox host folder: Jupyter's Unix socket (network none) and the broker's heartbeat. */
  static final String RUN_DIR = "/run/kernel-broker";
  static final String SOCKET_NAME = "jupyter.sock";
  static final String HEARTBEAT_NAME = "heartbeat";
  /** The bridge network the broker creates, on which sandboxes cannot reach one another. */
  static final String ISOLATED_NETWORK = "kernel-broker-isolated";

  private ContainerSpec() {}

  /**
   * Whether a sandbox boots without its CPU limit, which {@link #sessionLimits} sets before it serves: Jupyter
   * Server and the kernel that starts beside it (kb_jupyter/warm.py) then boot side by side instead of sharing one
   * CPU, about 0.3 s of a cold start (issue 9). Only their code runs meanwhile, never a session's. gVisor's runsc
   * cannot change a running container's limits, so under an OCI runtime the limit holds from the start.
   */
  static boolean bootsUnlimited(SandboxSettings settings) {
    return settings.ociRuntime().isEmpty();
  }

  /** The update that sets the sandbox's CPU limit, for a sandbox that booted without it; empty when it has it. */
  static java.util.Optional<JsonObject> sessionLimits(SandboxSettings settings) {
    return bootsUnlimited(settings) ? java.util.Optional.of(new JsonObject().put("NanoCpus", nanoCpus(settings)))
        : java.util.Optional.empty();
  }

  /**
   * Host threads a user-space kernel runs per task of the code it hosts: gVisor's ptrace platform keeps a stub thread
   * for each of its own, and all of them count in the container's pids cgroup. Measured on this project's sandbox
   * (2026-12-05): 33 tasks took 243 host pids, 331 took 1898, so the plain limit of 256 killed a sandbox with
   * two idle kernels as soon as the runtime's threads passed it.
   */
  static final int RUNTIME_PIDS_PER_TASK = 8;

  /**
   * The container's pids limit: {@link SandboxSettings#pids()} for the code's processes and threads, scaled under an
   * OCI runtime whose own threads count against it (gVisor), so the code still gets about as many as it was given.
   */
  static long hostPidsLimit(SandboxSettings settings) {
    return (long) settings.pids() * (settings.ociRuntime().isPresent() ? RUNTIME_PIDS_PER_TASK : 1);
  }

  private static long nanoCpus(SandboxSettings settings) {
    return Math.round(settings.cpus() * 1e9);
  }

  /**
   * The Engine API's create body (docker-java's model would cost a cold start its JSON mapping: see
   * {@link EngineCalls}).
   *
   * @param runDir the host folder seen as {@link #RUN_DIR}: the heartbeat the sandbox watches, so it stops itself
   *     when its broker is gone, and with network {@code none} Jupyter's socket
   */
  static JsonObject create(SandboxSettings settings, String token, SandboxUser user, Path workspace, Path runDir,
      Map<String, String> labels) {
    boolean isolated = settings.network() == NetworkMode.NONE;
    JsonArray env = new JsonArray().add("JUPYTER_TOKEN=" + token).add("USER=sandbox").add("LOGNAME=sandbox")
        .add("KB_HEARTBEAT=" + RUN_DIR + "/" + HEARTBEAT_NAME)
        .add("KB_ORPHAN_TIMEOUT=" + settings.orphanTimeout().toSeconds());
    JsonObject host = new JsonObject()
        .put("Binds", new JsonArray().add(workspace + ":" + WORKSPACE + ":rw").add(runDir + ":" + RUN_DIR + ":rw"))
        .put("CapDrop", new JsonArray().add("ALL"))
        .put("SecurityOpt", new JsonArray().add("no-new-privileges"))
        .put("ReadonlyRootfs", true)
        .put("Tmpfs", new JsonObject().put("/tmp", "rw,nosuid,nodev,size="
            + Math.max(64L << 20, settings.memoryBytes() / 2)))
        .put("Memory", settings.memoryBytes())
        .put("MemorySwap", settings.memoryBytes())
        .put("NanoCpus", bootsUnlimited(settings) ? 0L : nanoCpus(settings))
        .put("PidsLimit", hostPidsLimit(settings))
        .put("NetworkMode", isolated ? "none" : ISOLATED_NETWORK);
    settings.ociRuntime().ifPresent(runtime -> host.put("Runtime", runtime));
    JsonObject create = new JsonObject().put("Image", settings.image()).put("User", user.spec())
        .put("Labels", new JsonObject(new java.util.LinkedHashMap<>(labels)));
    if (isolated) {
      env.add("KB_JUPYTER_SOCK=" + RUN_DIR + "/" + SOCKET_NAME);
    } else {
      // Loopback only, random host port: nothing off this machine, and no other sandbox, can reach Jupyter.
      host.put("PortBindings", new JsonObject().put(JUPYTER, new JsonArray()
          .add(new JsonObject().put("HostIp", "127.0.0.1").put("HostPort", ""))));
      create.put("ExposedPorts", new JsonObject().put(JUPYTER, new JsonObject()));
    }
    return create.put("Env", env).put("HostConfig", host);
  }

  /** The host port Docker published Jupyter's port on, read from the container's inspect answer; null for none. */
  static Integer publishedJupyterPort(JsonObject inspected) {
    JsonObject ports = inspected.getJsonObject("NetworkSettings", new JsonObject()).getJsonObject("Ports");
    JsonArray bindings = ports == null ? null : ports.getJsonArray(JUPYTER);
    if (bindings == null || bindings.isEmpty()) {
      return null;
    }
    String hostPort = bindings.getJsonObject(0).getString("HostPort");
    return hostPort == null || hostPort.isBlank() ? null : Integer.valueOf(hostPort);
  }
}
