package dev.kernelbroker.jupyter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an execution produced and how it ended. {@code stateKept} says whether the kernel's variables
 * and imports survived; {@code summary} says both in one sentence for a human or an agent.
 */
public record ExecutionResult(List<Output> outputs, ExecutionStatus status, boolean stateKept,
    Integer executionCount, Duration wallTime, String summary) {

  public ExecutionResult {
    outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(summary, "summary");
  }

  /**
   * This result with the session's notices of lost state around its outputs. State was not kept then, so the
   * summary drops its own "state was kept" clause, which spoke only of the kernel that ran this code.
   */
  public ExecutionResult withLostState(List<String> before, List<String> after) {
    if (before.isEmpty() && after.isEmpty()) {
      return this;
    }
    List<Output> all = new java.util.ArrayList<>();
    before.forEach(n -> all.add(new Output.NoticeOutput(n)));
    all.addAll(outputs);
    after.forEach(n -> all.add(new Output.NoticeOutput(n)));
    String own = summary.replaceAll(";[^;]*\\bstate was kept\\.", ".");
    String told = String.join(" ", before) + (before.isEmpty() ? "" : " ") + own
        + (after.isEmpty() ? "" : " ") + String.join(" ", after);
    return new ExecutionResult(all, status, false, executionCount, wallTime, told);
  }

  /** All stdout and stderr text, in order; handy for callers that only want the text. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Output o : outputs) {
      if (o instanceof Output.StreamOutput s) {
        sb.append(s.text());
      }
    }
    return sb.toString();
  }
}
