package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Puts a deadline on a future so that every wait fails with a message naming what was awaited. */
final class Deadline {
  private Deadline() {}

  /** @param awaited completes "... did not happen within N s", e.g. "kernel abc did not answer kernel_info" */
  static <T> Future<T> within(Future<T> future, Duration limit, String awaited) {
    return future.timeout(limit).recover(err -> err instanceof TimeoutException
        ? Future.failedFuture(new JupyterException(awaited + " within " + seconds(limit), err))
        : Future.failedFuture(err));
  }

  static String seconds(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return (millis / 1000) + " s";
    }
    long tenths = (millis + 50) / 100; // String.format would cost more than the rest of a short call's summary
    return tenths / 10 + "." + tenths % 10 + " s";
  }
}
