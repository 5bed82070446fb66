package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.kernelbroker.config.SandboxSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The Docker work of a cold start that needs no Vert.x, begun as soon as the configuration is read (issue 9). On a
 * local engine's socket the first sandbox container is created and started at once over {@link UnixSocketTransport},
 * while on another thread docker-java's client is opened (about 250 ms of class loading on a cold JVM) and, on the
 * main one, logging, Vert.x and the MCP layer are set up. The first sandbox is a cold start's longest step: each
 * millisecond it starts sooner, the first result comes sooner. The runtime takes both: the client when it is made,
 * the container as its first launch, which it then checks as any other (image check, readiness).
 */
public final class DockerHeadStart {
  /** How long the engine may take to answer one of the first sandbox's calls (the create, the start). */
  private static final Duration ENGINE_DEADLINE = Duration.ofMinutes(2);

  private final SandboxSettings settings;
  private final CompletableFuture<WorkspaceFolders> workspaces = new CompletableFuture<>();
  private final CompletableFuture<DockerClient> client = new CompletableFuture<>();
  private volatile URI clientEngine;
  /** The local engine's socket the first sandbox is made on, and the sandbox; null when none was begun. */
  private final Path firstSocket;
  private final CompletableFuture<SandboxInstance> first;
  private volatile DockerSandboxes firstOn;
  private final AtomicBoolean firstTaken = new AtomicBoolean();

  private DockerHeadStart(SandboxSettings settings, Path firstSocket) {
    this.settings = settings;
    this.firstSocket = firstSocket;
    this.first = firstSocket == null ? null : new CompletableFuture<>();
  }

  /**
   * Nothing but the threads' start happens on the calling thread: the folders' and labels' set-up (logging, the host
   * name, a digest) is the head start's own first work.
   *
   * @param firstSandbox whether to create and start the first sandbox too, which happens when the engine is a local
   *     socket: only when the runtime's first launch takes it at once (a pool that keeps sandboxes warm, not adopting,
   *     on no network the broker must make first)
   */
  public static DockerHeadStart begin(SandboxSettings settings, boolean firstSandbox) {
    DockerHeadStart begun = new DockerHeadStart(settings,
        firstSandbox ? UnixSocketTransport.localEngine().orElse(null) : null);
    if (begun.first != null) {
      daemon("docker-head-start", begun::createFirst);
    } else {
      begun.workspaces.complete(new WorkspaceFolders(settings));
    }
    daemon("docker-client-open", begun::openClient);
    return begun;
  }

  private void createFirst() {
    try {
      WorkspaceFolders folders = new WorkspaceFolders(settings);
      workspaces.complete(folders);
      firstOn = new DockerSandboxes(settings, EngineCalls.over(new UnixSocketTransport(firstSocket, ENGINE_DEADLINE)),
          folders);
      first.complete(firstOn.createAndStart());
    } catch (Throwable e) {
      workspaces.complete(new WorkspaceFolders(settings)); // a no-op if done: the runtime still needs them
      first.completeExceptionally(e);
    }
  }

  /** A client already open, and no sandbox begun: for runtimes made outside a cold start. */
  static DockerHeadStart opened(SandboxSettings settings, DockerClient docker) {
    DockerHeadStart done = new DockerHeadStart(settings, null);
    done.workspaces.complete(new WorkspaceFolders(settings));
    done.client.complete(docker);
    return done;
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void openClient() {
    try {
      DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
      clientEngine = config.getDockerHost();
      client.complete(DockerConnection.open(config));
    } catch (Throwable e) {
      client.completeExceptionally(e);
    }
  }

  /** Waits for the client; when opening it failed, opens it again here, where the failure then shows. */
  DockerClient client() {
    try {
      return client.join();
    } catch (RuntimeException e) {
      return DockerConnection.open();
    }
  }

  /** The workspace folders the first sandbox's was allocated from, for the runtime to go on with. */
  WorkspaceFolders workspaces() {
    return workspaces.join();
  }

  /**
   * The first sandbox, once, as its create and start go (done, failed or under way). Not when docker-java's
   * configuration names another engine than the socket it was made on (which {@link UnixSocketTransport#localEngine}
   * rules out): the runtime would not reach it, so it is removed instead. After {@link #client()}.
   */
  Optional<CompletableFuture<SandboxInstance>> takeFirst() {
    if (first == null || !firstTaken.compareAndSet(false, true)) {
      return Optional.empty();
    }
    URI engine = clientEngine;
    if (engine != null && "unix".equals(engine.getScheme()) && Path.of(engine.getPath()).equals(firstSocket)) {
      return Optional.of(first);
    }
    LoggerFactory.getLogger(DockerHeadStart.class).warn("The first sandbox was begun on {}, but Docker's"
        + " configuration names {}; removing it", firstSocket, engine);
    first.thenAcceptAsync(made -> firstOn.discard(made));
    return Optional.empty();
  }
}
