package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.RuntimeKind;
import io.vertx.core.Future;

/** Launches Jupyter Server somewhere and tears it down; all blocking work happens off the event loop. */
public interface SandboxRuntime {
  RuntimeKind kind();

  /** What runs: the image name, or the local command. */
  String description();

  /** A quick check that this runtime can work at all (the engine answers, the command exists). */
  Future<Void> checkAvailable();

  /** One-time checks before the first start: the engine answers, leftovers removed, the image present. */
  Future<Void> prepare();

  /** Starts a fresh sandbox; completes once Jupyter answers with the token. */
  Future<SandboxInstance> start();

  Future<Boolean> isRunning(SandboxInstance instance);

  Future<Void> stop(SandboxInstance instance);

  /** For the JVM shutdown hook, when the event loop may already be gone. */
  void stopNow(SandboxInstance instance);
}
