package dev.kernelbroker.sandbox;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.function.Supplier;

/** Polls Jupyter's {@code /api/status} with the token until it answers 200, or the deadline passes. */
public final class ReadinessProbe {
  /**
   * Jupyter Server boots in about half a second, and the first kernel waits for its answer: polled finely then, a
   * cold start loses a few ms instead of up to a whole interval. One slower to boot is polled less often.
   */
  private static final long FIRST_POLL_MS = 10;
  private static final long LATER_POLL_MS = 200;
  private static final long FINE_POLLING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

  private final Vertx vertx;
  private final WebClient web;

  public ReadinessProbe(Vertx vertx, WebClient web) {
    this.vertx = vertx;
    this.web = web;
  }

  /**
   * @param stillAlive checked between polls, so a sandbox that exited fails fast instead of at the deadline
   */
  public Future<Void> await(JupyterEndpoint endpoint, Duration deadline, Supplier<Future<Boolean>> stillAlive) {
    Promise<Void> ready = Promise.promise();
    long giveUpAt = System.nanoTime() + deadline.toNanos();
    poll(endpoint, System.nanoTime() + FINE_POLLING_NANOS, giveUpAt, deadline, stillAlive, ready, "no answer yet");
    return ready.future();
  }

  private void poll(JupyterEndpoint endpoint, long coarseFrom, long giveUpAt, Duration deadline,
      Supplier<Future<Boolean>> stillAlive, Promise<Void> ready, String lastSeen) {
    if (System.nanoTime() > giveUpAt) {
      ready.fail(new SandboxException("Jupyter Server at " + endpoint.baseUrl() + " did not answer /api/status within "
          + deadline.toSeconds() + " s (last: " + lastSeen + ")"));
      return;
    }
    web.getAbs(endpoint.baseUrl() + "/api/status")
        .putHeader("Authorization", "token " + endpoint.token())
        .timeout(2000)
        .send()
        .map(response -> response.statusCode() == 200 ? null : "HTTP " + response.statusCode())
        .otherwise(Throwable::getMessage)
        .onComplete(outcome -> {
          String problem = outcome.result();
          if (problem == null) {
            ready.complete();
            return;
          }
          stillAlive.get().onComplete(alive -> {
            if (alive.succeeded() && !alive.result()) {
              ready.fail(new SandboxException("the sandbox exited before Jupyter Server answered (last: "
                  + problem + ")"));
            } else {
              long interval = System.nanoTime() < coarseFrom ? FIRST_POLL_MS : LATER_POLL_MS;
              vertx.setTimer(interval, t -> poll(endpoint, coarseFrom, giveUpAt, deadline, stillAlive, ready,
                  problem));
            }
          });
        });
  }
}
