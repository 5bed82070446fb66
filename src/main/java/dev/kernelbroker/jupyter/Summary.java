package dev.kernelbroker.jupyter;

import dev.kernelbroker.jupyter.Output.ErrorOutput;
import java.time.Duration;
import java.util.List;

/** The one sentence an {@link ExecutionResult} carries: what happened, and whether state survived. */
final class Summary {
  static final String KEPT = "the kernel's state was kept";
  static final String LOST = "all variables and imports were lost";

  private Summary() {}

  static String finished(ExecutionStatus status, List<Output> outputs, Duration wall) {
    if (status == ExecutionStatus.OK) {
      return "Finished in " + Deadline.seconds(round(wall)) + "; " + KEPT + ".";
    }
    ErrorOutput error = null;
    for (Output o : outputs) {
      if (o instanceof ErrorOutput e) {
        error = e;
      }
    }
    String what = error == null ? "Failed" : "Failed with " + error.ename()
        + (error.evalue().isEmpty() ? "" : ": " + firstLine(error.evalue()));
    return what + " after " + Deadline.seconds(round(wall)) + "; " + KEPT + ".";
  }

  static String interrupted(ExecutionStatus why, Duration timeout, Duration wall, boolean kept, String restartFailure) {
    String what = why == ExecutionStatus.TIMEOUT
        ? "Timed out after " + Deadline.seconds(timeout)
        : "Cancelled after " + Deadline.seconds(round(wall));
    if (kept) {
      return what + "; the kernel was interrupted and its state was kept.";
    }
    if (restartFailure != null) {
      return what + "; the kernel did not stop when interrupted and could not be restarted (" + restartFailure
          + "); " + LOST + ".";
    }
    return what + "; the code did not stop when interrupted, so its kernel or shell was restarted and " + LOST + ".";
  }

  static String shellReset() {
    return "The shell or interpreter exited (exit in Bash, process.exit() in JavaScript) and a new one was started: "
        + LOST + ".";
  }

  static String died(String reason) {
    return "The kernel died (" + reason + "); it is being restarted and " + LOST + ".";
  }

  static String cancelledBeforeStart() {
    return "Cancelled before it started; nothing ran and the kernel's state is unchanged.";
  }

  /** The broker stopped in keep mode under a running cell: the kernel, and so the state, stay for the next one. */
  static String brokerLeft(boolean started) {
    return started
        ? "The broker stopped while this ran (a restart that keeps sessions): the code goes on in the kernel and"
            + " the session's state is kept, but this output is not delivered. Call again once the broker is back."
        : "The broker stopped before this ran (a restart that keeps sessions): nothing ran and the kernel's state"
            + " is unchanged.";
  }

  static String notStarted(String why) {
    return "Did not run: the kernel could not be started (" + why + ").";
  }

  private static Duration round(Duration d) {
    return Duration.ofMillis(Math.max(100, (d.toMillis() + 50) / 100 * 100));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
