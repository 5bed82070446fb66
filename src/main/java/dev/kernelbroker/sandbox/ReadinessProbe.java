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
  private static final long POLL_MS = 200;

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
    poll(endpoint, giveUpAt, deadline, stillAlive, ready, "no answer yet");
    return ready.future();
  }

  private void poll(JupyterEndpoint endpoint, long giveUpAt, Duration deadline, Supplier<Future<Boolean>> stillAlive,
      Promise<Void> ready, String lastSeen) {
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
              vertx.setTimer(POLL_MS, t -> poll(endpoint, giveUpAt, deadline, stillAlive, ready, problem));
            }
          });
        });
  }
}
