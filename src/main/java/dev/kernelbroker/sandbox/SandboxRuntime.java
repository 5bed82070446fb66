package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.RuntimeKind;
import io.vertx.core.Future;

/** Launches sandboxes (each its own Jupyter Server) and tears them down; blocking work happens off the event loop. */
public interface SandboxRuntime {
  RuntimeKind kind();

  /** What runs: the image name, or the local command. */
  String description();

  /** A quick check that this runtime can work at all (the engine answers, the command exists). */
  Future<Void> checkAvailable();

  /** One-time work before the first start: the engine answers, leftovers removed, the image and network present. */
  Future<Void> prepare();

  /**
   * Whether {@link #start()} may be called while {@link #prepare()} is still under way: the runtime then orders the
   * two itself, and a sandbox started meanwhile serves only once what it depends on was prepared.
   */
  default boolean startsWhilePreparing() {
    return false;
  }

  /** Starts a fresh sandbox with a workspace folder of its own (or the shared one); completes once Jupyter answers. */
  Future<SandboxInstance> start();

  /**
   * Applies the limits a session's code runs under, once the sandbox's own start-up (Jupyter Server and its warm
   * kernel) is done: until then a runtime may let it boot with more. Called before the sandbox serves anyone.
   */
  default Future<Void> applySessionLimits(SandboxInstance instance) {
    return Future.succeededFuture();
  }

  Future<Boolean> isRunning(SandboxInstance instance);

  /** Removes the sandbox; its workspace folder stays for {@link #workspaces()} to hand over or release. */
  Future<Void> stop(SandboxInstance instance);

  /** Removes the sandbox and releases its workspace folder (per the settings), off the event loop. */
  Future<Void> discard(SandboxInstance instance);

  /** For the JVM shutdown hook, when the event loop may already be gone. */
  void stopNow(SandboxInstance instance);

  WorkspaceFolders workspaces();

  /** The sandbox's processes against its limit, where the runtime can tell (blocking; a file read for Docker). */
  default java.util.Optional<ProcessCount> processes(SandboxInstance instance) {
    return java.util.Optional.empty();
  }

  /**
   * A meter of one call's CPU time and peak memory in the sandbox, where the runtime can read its counters (blocking);
   * empty where it cannot (a remote engine, Docker Desktop, another runtime), and usage is then unavailable.
   */
  default java.util.Optional<ResourceMeter> resourceMeter(SandboxInstance instance) {
    return java.util.Optional.empty();
  }

  /**
   * Calls {@code onStopped} with a sandbox's id as soon as it stops, where the runtime can tell, from any thread;
   * the answer ends the watch when closed.
   */
  default Future<java.io.Closeable> watchStops(java.util.function.Consumer<String> onStopped) {
    return Future.succeededFuture(() -> { });
  }

  /** Whether a peer address belongs to this runtime's sandboxes (their network); the broker refuses their calls. */
  default boolean isSandboxAddress(String ip) {
    return false;
  }

  /** Tells a sandbox its broker is alive (blocking); one that hears nothing for a while stops itself. */
  default void heartbeat(SandboxInstance instance) {
  }

  /**
   * Like {@link #prepare()}, but sandboxes that dead brokers left running for a session (see {@link #recordClaim})
   * are reconnected and handed back instead of removed; the rest of the leftovers go as usual.
   */
  default Future<java.util.List<AdoptableSandbox>> prepareAdopting() {
    return prepare().map(java.util.List.of());
  }

  /** The sandboxes of {@code kept} that {@code reconnect} brings back; it answers empty for one it removed instead. */
  static <K> Future<java.util.List<AdoptableSandbox>> reconnected(java.util.List<K> kept,
      java.util.function.Function<K, Future<java.util.Optional<AdoptableSandbox>>> reconnect) {
    return Future.all(kept.stream().map(reconnect).toList())
        .map(all -> all.<java.util.Optional<AdoptableSandbox>>list().stream().flatMap(java.util.Optional::stream)
            .toList());
  }

  /**
   * Writes on a claimed sandbox which session it serves (by digest), and how to reach its Jupyter Server again, so
   * that a later broker can adopt it (blocking). Runtimes that cannot keep sandboxes across restarts do nothing.
   */
  default void recordClaim(SandboxInstance instance, String sessionDigest) {
  }

  /** Lets a sandbox go without removing it, for the next broker to adopt (the broker exits in keep mode). */
  default void leave(SandboxInstance instance) {
  }
}
