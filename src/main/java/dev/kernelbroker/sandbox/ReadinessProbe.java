package dev.kernelbroker.sandbox;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Polls Jupyter's {@code /api/status} with the token until it answers 200, or the deadline passes.
 *
 * <p>A cold start's sandbox boots on the same CPUs as the broker (issue 9), so waiting must cost little: where Jupyter
 * listens on a Unix socket the broker can see, its file appearing is checked first (a stat, no request); and whether
 * the sandbox still runs (a Docker call) is asked at most every {@link #ALIVE_EVERY_NANOS}, not after every poll.
 */
public final class ReadinessProbe {
  /**
   * Jupyter Server boots in about half a second, and the first kernel waits for its answer: polled finely then, a
   * cold start loses a few ms instead of up to a whole interval. One slower to boot is polled less often.
   */
  private static final long FIRST_POLL_MS = 10;
  private static final long SOCKET_POLL_MS = 5;
  private static final long LATER_POLL_MS = 200;
  private static final long FINE_POLLING_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long ALIVE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final Vertx vertx;
  private final WebClient web;

  public ReadinessProbe(Vertx vertx, WebClient web) {
    this.vertx = vertx;
    this.web = web;
  }

  /**
   * Where Jupyter listens on a Unix socket, no request is sent before its file exists.
   *
   * @param stillAlive checked between polls, so a sandbox that exited fails fast instead of at the deadline
   */
  public Future<Void> await(JupyterEndpoint endpoint, Duration deadline, Supplier<Future<Boolean>> stillAlive) {
    Promise<Void> ready = Promise.promise();
    long now = System.nanoTime();
    String socketFile = endpoint.server().isDomainSocket() ? endpoint.server().path() : null;
    new Wait(endpoint, deadline, now + deadline.toNanos(), now + FINE_POLLING_NANOS, stillAlive, socketFile, ready)
        .poll(now, "no answer yet");
    return ready.future();
  }

  /** One wait's state; each step runs on the event loop, after the one before it completed. */
  private final class Wait {
    private final JupyterEndpoint endpoint;
    private final Duration deadline;
    private final long giveUpAt;
    private final long coarseFrom;
    private final Supplier<Future<Boolean>> stillAlive;
    private final Promise<Void> ready;
    private String socketFile;

    Wait(JupyterEndpoint endpoint, Duration deadline, long giveUpAt, long coarseFrom,
        Supplier<Future<Boolean>> stillAlive, String socketFile, Promise<Void> ready) {
      this.endpoint = endpoint;
      this.deadline = deadline;
      this.giveUpAt = giveUpAt;
      this.coarseFrom = coarseFrom;
      this.stillAlive = stillAlive;
      this.socketFile = socketFile;
      this.ready = ready;
    }

    void poll(long aliveCheckedAt, String lastSeen) {
      if (System.nanoTime() > giveUpAt) {
        ready.fail(new SandboxException("Jupyter Server at " + endpoint + " did not answer /api/status"
            + " within " + deadline.toSeconds() + " s (last: " + lastSeen + ")"));
        return;
      }
      attempt().onComplete(outcome -> {
        String problem = outcome.result();
        if (problem == null) {
          ready.complete();
          return;
        }
        long now = System.nanoTime();
        if (now - aliveCheckedAt < ALIVE_EVERY_NANOS) {
          next(aliveCheckedAt, problem);
          return;
        }
        stillAlive.get().onComplete(alive -> {
          if (alive.succeeded() && !alive.result()) {
            ready.fail(new SandboxException("the sandbox exited before Jupyter Server answered (last: "
                + problem + ")"));
          } else {
            next(now, problem);
          }
        });
      });
    }

    private void next(long aliveCheckedAt, String problem) {
      long interval = socketFile != null ? SOCKET_POLL_MS : System.nanoTime() < coarseFrom ? FIRST_POLL_MS
          : LATER_POLL_MS;
      vertx.setTimer(interval, t -> poll(aliveCheckedAt, problem));
    }

    /** Null when Jupyter answered; else what was seen instead. */
    private Future<String> attempt() {
      if (socketFile != null) {
        return vertx.fileSystem().exists(socketFile).compose(present -> {
          if (!present) {
            return Future.succeededFuture("Jupyter's socket is not there yet");
          }
          socketFile = null; // from now on Jupyter is asked
          return askJupyter();
        }).otherwise(Throwable::getMessage);
      }
      return askJupyter();
    }

    private Future<String> askJupyter() {
      return web.request(HttpMethod.GET, endpoint.server(), endpoint.port(), endpoint.host(), "/api/status")
          .putHeader("Authorization", "token " + endpoint.token())
          .timeout(2000)
          .send()
          .map(response -> response.statusCode() == 200 ? null : "HTTP " + response.statusCode())
          .otherwise(Throwable::getMessage);
    }
  }
}
