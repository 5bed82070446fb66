package dev.kernelbroker.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One preparation of the Docker runtime, its steps side by side on worker threads: the leftover sweep, the image
 * check and (network bridge) the sandbox network, each after the engine answered a ping. A cold start's first
 * sandbox is its longest step, so it need not wait for them (issue 9): one may be created as soon as the network is
 * there, and {@link #admit} holds it back until the image check passed, and drops it if that check rebuilt the
 * image, since it was then created from the image before. A stale image never serves a session.
 */
final class DockerPreparation {
  /** Creating a sandbox waits for the network at most this long; the steps' own calls have their deadlines too. */
  private static final java.time.Duration NETWORK_DEADLINE = java.time.Duration.ofMinutes(2);

  private final Future<Void> engine;
  private final Future<Void> network;
  private final Future<Boolean> imageBuilt;
  private final Future<List<DockerLeftovers.Kept>> leftovers;

  /**
   * @param image ensures the image is present and current; answers whether it was built now
   * @param network creates the sandbox network, or null when sandboxes use none
   */
  DockerPreparation(Vertx vertx, Callable<Void> ping, Callable<List<DockerLeftovers.Kept>> sweep,
      Callable<Boolean> image, Callable<Void> network) {
    this.engine = vertx.executeBlocking(ping, false);
    this.leftovers = engine.compose(v -> vertx.executeBlocking(sweep, false));
    this.imageBuilt = engine.compose(v -> vertx.executeBlocking(image, false));
    this.network = network == null ? Future.succeededFuture()
        : engine.compose(v -> vertx.executeBlocking(network, false));
  }

  /** Every step; when the engine does not answer, that (which names what to do) is the failure, not a step's. */
  Future<List<DockerLeftovers.Kept>> done() {
    return Future.all(network, imageBuilt, leftovers)
        .transform(all -> engine.failed() ? Future.failedFuture(engine.cause())
            : all.failed() ? Future.failedFuture(all.cause()) : leftovers);
  }

  /**
   * A sandbox that may serve: {@code launch} runs at once (after the network), overlapping the image check, and its
   * sandbox is answered once the check kept the image; if the check built the image (it was missing or stale), that
   * sandbox is discarded and another launched from the new image.
   */
  Future<SandboxInstance> admit(Supplier<Future<SandboxInstance>> launch,
      Function<SandboxInstance, Future<Void>> discard) {
    if (imageBuilt.isComplete()) {
      return imageBuilt.compose(built -> launchAfterNetwork(launch));
    }
    Future<SandboxInstance> early = launchAfterNetwork(launch);
    return early.transform(made -> imageBuilt.transform(check -> {
      if (check.succeeded() && !check.result()) {
        return early;
      }
      Future<Void> dropped = made.succeeded() ? discard.apply(made.result()).otherwiseEmpty()
          : Future.succeededFuture();
      return dropped.compose(v -> check.failed() ? Future.failedFuture(check.cause()) : launch.get());
    }));
  }

  private Future<SandboxInstance> launchAfterNetwork(Supplier<Future<SandboxInstance>> launch) {
    return network.timeout(NETWORK_DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new SandboxException("the sandbox network was not ready within "
            + NETWORK_DEADLINE.toMinutes() + " min: " + e.getMessage(), e)))
        .compose(v -> launch.get());
  }
}
