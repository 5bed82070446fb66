package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.sandbox.ProcessCount;
import java.time.Duration;
import java.util.List;

/** What a session tells its caller beyond the kernel's own output: lost state, runs that never started. */
final class SessionNotices {
  private SessionNotices() {}

  static String sandboxReplaced(Language language) {
    return "The sandbox container had stopped (killed, crashed or out of memory) and was replaced: this session's "
        + language.displayName() + " kernel was started afresh, so all earlier variables, imports and shell state"
        + " are gone. Files in /workspace are kept.";
  }

  static String saturated(Language language, ProcessCount count) {
    return "The sandbox had " + count.current() + " of its " + count.limit() + " processes in use (a fork bomb or"
        + " runaway background processes), so nothing new could start in it; it was replaced by a fresh one and this"
        + " session's " + language.displayName() + " state (variables, imports, shell state) is gone. Files in"
        + " /workspace are kept.";
  }

  static String notResumed(Language language) {
    return "The broker was restarted, and this session's " + language.displayName() + " kernel from before the"
        + " restart could not be reconnected: a new one was started, so earlier variables, imports and shell state"
        + " are gone. Files in /workspace are kept.";
  }

  static String kernelDiedBetweenCalls(Language language) {
    return "The " + language.displayName() + " kernel died after the previous call (for example out of memory) and"
        + " was restarted: all earlier variables, imports and shell state are gone.";
  }

  static String expired(Duration idle, boolean filesKept) {
    return "This session's kernels and sandbox were shut down after " + KernelSessionRegistry.describeIdle(idle)
        + " without use; new ones were"
        + " started, so earlier variables and imports are gone." + (filesKept ? " Files in /workspace are kept."
        : " Its /workspace files were removed with it (a private workspace is not kept after its session).");
  }

  /** The result with the notices put first, and its summary saying state was lost. */
  static ExecutionResult prepend(List<String> notices, ExecutionResult result) {
    return result.withLostState(notices, List.of());
  }

  /** The result with a notice after its outputs, and its summary saying state was lost. */
  static ExecutionResult append(ExecutionResult result, String notice) {
    return result.withLostState(List.of(), List.of(notice));
  }

  static ExecutionResult notRun(ExecutionStatus status, String summary) {
    return new ExecutionResult(List.of(), status, true, null, Duration.ZERO, summary);
  }
}
