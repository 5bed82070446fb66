package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.KernelFixture;
import dev.kernelbroker.testsupport.DockerAvailable;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerAvailable.class)
class BashKernelTest {
  private static KernelFixture fixture;

  @BeforeAll
  static void startKernel() {
    fixture = KernelFixture.start("bash");
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  static ExecutionResult run(String code) {
    return fixture.run(code, Duration.ofSeconds(30));
  }

  @Test
  void workingDirectoryPersists() {
    assertEquals(ExecutionStatus.OK, run("cd /tmp").status());
    assertEquals("/tmp\n", run("pwd").text());
  }

  @Test
  void exportedVariablesPersist() {
    assertEquals(ExecutionStatus.OK, run("export X=1").status());
    assertEquals("1\n", run("echo $X").text());
  }

  @Test
  void nonZeroExitIsAnError() {
    ExecutionResult r = run("false");
    assertEquals(ExecutionStatus.ERROR, r.status(), r::toString);
  }

  @Test
  void stdoutAndStderrKeepTheirNames() {
    // The two streams travel separately from bash, so their relative order is not promised.
    ExecutionResult r = run("echo out; echo err >&2");
    assertTrue(r.outputs().contains(new Output.StreamOutput("stdout", "out\n")), r::toString);
    assertTrue(r.outputs().contains(new Output.StreamOutput("stderr", "err\n")), r::toString);
  }

  @Test
  void aShellThatIgnoresTheInterruptIsReplacedAndTheResultSaysItsStateWasLost() {
    assertEquals(ExecutionStatus.OK, run("export MARK=kept").status());
    ExecutionResult stuck = fixture.run("trap '' INT; while true; do :; done", Duration.ofSeconds(2));
    assertEquals(ExecutionStatus.TIMEOUT, stuck.status(), stuck::toString);
    assertFalse(stuck.stateKept(), stuck::summary);
    assertTrue(stuck.summary().contains("lost"), stuck::summary);
    assertEquals("gone\n", run("echo ${MARK:-gone}").text());
  }

  @Test
  void exitStartsANewShellAndSaysTheStateIsGone() {
    assertEquals(ExecutionStatus.OK, run("export MARK=kept").status());
    ExecutionResult exited = run("exit 0");
    assertFalse(exited.stateKept(), exited::summary);
    assertTrue(exited.summary().contains("new one was started"), exited::summary);
    assertEquals("gone\n", run("echo ${MARK:-gone}").text());
  }
}
