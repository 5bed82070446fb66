package dev.kernelbroker.packages;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.Output;
import java.util.ArrayList;
import java.util.List;

/** What the missing-package step decided before a Python cell: run it (and say what was done), or do not. */
public sealed interface Preparation {
  /** Nothing was checked or said; the cell has not begun either. */
  Preparation UNTOUCHED = new Proceed(List.of(), List.of(), false);

  /**
   * Run the code. {@code notes} go before its outputs ({@code installed: …}); {@code lost} are the session's notices
   * of lost state that the check cell received; {@code started} says the call's turn already came (the check ran).
   */
  record Proceed(List<String> notes, List<String> lost, boolean started) implements Preparation {
    public Proceed {
      notes = List.copyOf(notes);
      lost = List.copyOf(lost);
    }

    /** The code's result, told what this step did. */
    public ExecutionResult told(ExecutionResult result) {
      ExecutionResult told = result.withLostState(lost, List.of());
      if (notes.isEmpty()) {
        return told;
      }
      List<Output> outputs = new ArrayList<>();
      notes.forEach(n -> outputs.add(new Output.NoticeOutput(n)));
      outputs.addAll(told.outputs());
      return new ExecutionResult(outputs, told.status(), told.stateKept(), told.executionCount(), told.wallTime(),
          told.summary());
    }
  }

  /** Do not run the code: this is the call's result (a package could not be installed, the check failed). */
  record Refuse(ExecutionResult result) implements Preparation {}
}
