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
