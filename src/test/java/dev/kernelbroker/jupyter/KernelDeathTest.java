package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.KernelFixture;
import dev.kernelbroker.testsupport.DockerAvailable;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox has a 1 GiB memory limit, so allocating 3 GiB gets the kernel OOM-killed. */
@ExtendWith(DockerAvailable.class)
class KernelDeathTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);
  private static KernelFixture fixture;

  @BeforeAll
  static void startKernel() {
    fixture = KernelFixture.start("python3", KernelFixture.GIB,
        KernelSettings.DEFAULT.withInterruptGrace(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  static ExecutionResult run(String code) {
    return fixture.run(code, MINUTE);
  }

  private static void assertDiedAndRecovers(String code) {
    run("doomed = 1");
    Execution dying = fixture.kernel().client().execute(new ExecuteRequest(code, MINUTE));
    Execution queuedBehind = fixture.kernel().client().execute(new ExecuteRequest("print('after')", MINUTE));
    ExecutionResult died = Await.result(dying.result());
    assertEquals(ExecutionStatus.KERNEL_DIED, died.status(), died::toString);
    assertFalse(died.stateKept());
    assertTrue(died.summary().startsWith("The kernel died"), died.summary());
    assertTrue(died.wallTime().toSeconds() < 20, "death noticed after " + died.wallTime());
    assertEquals("after\n", Await.result(queuedBehind.result()).text());
    ExecutionResult next = run("print('doomed' in globals())");
    assertEquals(ExecutionStatus.OK, next.status(), next::toString);
    assertEquals("False\n", next.text());
  }

  @Test
  void exitingProcessIsKernelDiedAndTheNextExecutionWorks() {
    assertDiedAndRecovers("import os; os._exit(1)");
  }

  @Test
  void runningOutOfMemoryIsKernelDiedAndTheNextExecutionWorks() {
    assertDiedAndRecovers("hog = b'x' * (3 * 1024 ** 3)");
  }

  @Test
  void timeoutThatIgnoresInterruptRestartsTheKernel() {
    run("lost_on_restart = 1");
    String ignoresSigint = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        + "while True: time.sleep(0.1)";
    long start = System.nanoTime();
    ExecutionResult r = Await.result(fixture.kernel().client().execute(ignoresSigint, Duration.ofSeconds(2)));
    assertEquals(ExecutionStatus.TIMEOUT, r.status(), r::toString);
    assertFalse(r.stateKept());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    assertTrue(r.summary().contains("restarted"), r.summary());
    assertEquals("False\n", run("print('lost_on_restart' in globals())").text());
  }

  @Test
  void tenCrashesInARowLeaveNoOrphanKernelProcess() {
    for (int i = 0; i < 10; i++) {
      ExecutionResult died = run("import os; os._exit(1)");
      assertEquals(ExecutionStatus.KERNEL_DIED, died.status(), died::toString);
    }
    ExecutionResult ps = run("import subprocess\nprint(subprocess.run(['pgrep', '-c', '-f', 'ipykernel_launcher'],"
        + " capture_output=True, text=True).stdout.strip())");
    assertEquals("1\n", ps.text(), "Python kernel processes in the sandbox after ten crashes");
  }

  @Test
  void restartLosesStateAndManagerReportsIdle() {
    run("gone = 1");
    Await.result(fixture.kernel().restart());
    assertEquals(KernelState.IDLE, fixture.kernel().state());
    assertEquals("False\n", run("print('gone' in globals())").text());
  }
}
