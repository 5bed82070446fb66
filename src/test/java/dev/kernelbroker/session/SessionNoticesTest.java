package dev.kernelbroker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.sandbox.ProcessCount;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A result that tells of lost state never also says the state was kept. */
class SessionNoticesTest {
  private static final ExecutionResult CLEAN = new ExecutionResult(List.of(new Output.StreamOutput("stdout", "1\n")),
      ExecutionStatus.OK, true, 1, Duration.ofMillis(5), "Finished in 0.0 s; the kernel's state was kept.");

  @Test
  void aReplacedSandboxNoticeReplacesTheKeptClause() {
    ExecutionResult told = SessionNotices.prepend(List.of(SessionNotices.sandboxReplaced(Language.PYTHON)), CLEAN);
    assertFalse(told.stateKept());
    assertFalse(told.summary().contains("was kept"), told.summary());
    assertTrue(told.summary().startsWith("The sandbox container had stopped"), told.summary());
    assertTrue(told.summary().endsWith("Finished in 0.0 s."), told.summary());
    assertTrue(told.outputs().get(0) instanceof Output.NoticeOutput);
    assertEquals("1\n", told.text());
  }

  @Test
  void aSaturatedSandboxNoticeComesAfterTheOutput() {
    ExecutionResult told = SessionNotices.append(CLEAN, SessionNotices.saturated(Language.BASH,
        new ProcessCount(256, 256)));
    assertFalse(told.stateKept());
    assertTrue(told.outputs().get(told.outputs().size() - 1) instanceof Output.NoticeOutput n
        && n.text().contains("256 of its 256 processes"), told.outputs()::toString);
    assertFalse(told.summary().contains("was kept"), told.summary());
  }

  @Test
  void anInterruptedRunInASaturatedSandboxDoesNotClaimItsStateWasKept() {
    ExecutionResult timedOut = new ExecutionResult(List.of(), ExecutionStatus.TIMEOUT, true, null,
        Duration.ofSeconds(20), "Timed out after 20 s; the kernel was interrupted and its state was kept.");
    ExecutionResult told = SessionNotices.append(timedOut, SessionNotices.saturated(Language.BASH,
        new ProcessCount(256, 256)));
    assertTrue(told.summary().startsWith("Timed out after 20 s. The sandbox had 256"), told.summary());
  }

  @Test
  void aSandboxAtItsLimitIsSaturatedOneWellBelowIsNot() {
    assertTrue(new ProcessCount(256, 256).saturated());
    assertTrue(new ProcessCount(252, 256).saturated());
    assertFalse(new ProcessCount(40, 256).saturated());
  }
}
