package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This installation's sandbox containers on one engine, created, started and removed: blocking, and free of Vert.x,
 * so that a cold start's first one can be begun before Vert.x exists ({@link DockerHeadStart}).
 */
final class DockerSandboxes {
  static final String MANAGED_LABEL = "dev.kernelbroker.managed";
  static final String OWNER_PID_LABEL = "dev.kernelbroker.owner-pid";
  static final String OWNER_HOST_LABEL = "dev.kernelbroker.owner-host";
  /** Which installation (state folder) made the sandbox: only its own brokers remove a running one, or adopt it. */
  static final String INSTALLATION_LABEL = "dev.kernelbroker.installation";
  static final String HOST_NAME = hostName();
  private static final int MAX_SOCKET_PATH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandboxes.class);

  private final SandboxSettings settings;
  private final EngineCalls engine;
  private final WorkspaceFolders workspaces;
  private final String installation;

  DockerSandboxes(SandboxSettings settings, EngineCalls engine, WorkspaceFolders workspaces) {
    this.settings = settings;
    this.engine = engine;
    this.workspaces = workspaces;
    this.installation = installation(settings.stateDir());
  }

  String installation() {
    return installation;
  }

  /** A new sandbox container, started, with its own workspace and run folder; Jupyter may not answer yet. */
  SandboxInstance createAndStart() {
    String token = Secrets.token();
    String name = "kernel-broker-" + Secrets.token().substring(0, 12);
    SandboxUser user = workspaces.prepare();
    Path workspace = workspaces.allocate(name);
    Path runDir = runDir(name);
    HostFiles.privateFolder(runDir, user, true);
    // before start: the sandbox's watchdog reads it at once
    HostFiles.touch(runDir.resolve(ContainerSpec.HEARTBEAT_NAME));
    String id;
    try {
      id = engine.create(name, ContainerSpec.create(settings, token, user, workspace, runDir, Map.of(
          MANAGED_LABEL, "true",
          OWNER_PID_LABEL, Long.toString(ProcessHandle.current().pid()),
          OWNER_HOST_LABEL, HOST_NAME,
          INSTALLATION_LABEL, installation)));
    } catch (RuntimeException e) {
      HostFiles.deleteQuietly(runDir);
      workspaces.release(workspace);
      throw e;
    }
    return new SandboxInstance(id, name, endpoint(id, token, runDir), workspace, Instant.now());
  }

  private JupyterEndpoint endpoint(String id, String token, Path runDir) {
    try {
      engine.start(id);
      if (settings.network() == NetworkMode.NONE) {
        return JupyterEndpoint.unixSocket(runDir.resolve(ContainerSpec.SOCKET_NAME), token);
      }
      Integer port = engine.inspectContainer(id).map(ContainerSpec::publishedJupyterPort).orElse(null);
      if (port == null) {
        throw new SandboxException("Docker published no host port for the sandbox's Jupyter port");
      }
      return new JupyterEndpoint("127.0.0.1", port, token);
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
  }

  /** A host folder per sandbox for its socket and heartbeat; short, since a socket path has at most 107 bytes. */
  Path runDir(String name) {
    Path dir = settings.stateDir().resolve("run").resolve(name);
    if (dir.resolve(ContainerSpec.SOCKET_NAME).toString().length() > MAX_SOCKET_PATH) {
      throw new SandboxException("the Unix socket path under " + settings.stateDir() + " is too long for network"
          + " none; run the broker with a shorter home folder, or set BROKER_SANDBOX_NETWORK=bridge");
    }
    return dir;
  }

  void remove(String id) {
    if (engine.remove(id)) {
      LOG.info("Removed sandbox container {}", shortId(id));
    } else {
      LOG.debug("Sandbox container {} was already gone", shortId(id));
    }
  }

  /** The container and its run folder go. */
  void remove(String id, String name) {
    remove(id);
    HostFiles.deleteQuietly(runDir(name));
  }

  /** The container, its run folder and its workspace folder (unless shared) go. */
  void discard(SandboxInstance instance) {
    remove(instance.id(), instance.name());
    workspaces.release(instance.workspaceDir());
  }

  private static String installation(Path stateDir) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(stateDir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  /** Docker's own short form of a container id. */
  static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
