package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.SandboxContainers;
import dev.kernelbroker.testsupport.TestBroker;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker's own sandbox container: hardening, limits, loss and recovery, removal. */
@ExtendWith(DockerAvailable.class)
class SandboxLifecycleIT {
  private static final Duration CALL = Duration.ofSeconds(120);

  private static ExecutionResult run(KernelSession session, Language language, String code) {
    return Await.result(session.execute(language, new ExecuteRequest(code, Duration.ofSeconds(60)), cancel -> { }),
        CALL);
  }

  private static int stoppedSandboxes(TestBroker broker) {
    return broker.broker().status().health().getJsonObject("sandboxes").getInteger("stopped");
  }

  @Test
  void runsHardenedAndIsRemovedWhenTheBrokerStops() throws Exception {
    Set<String> before = SandboxContainers.running();
    try (TestBroker broker = new TestBroker(java.util.Map.of("BROKER_POOL_SIZE", "0"))) {
      KernelSession session = broker.broker().sessions().obtain("hardening");
      ExecutionResult who = run(session, Language.BASH, "id -u; grep CapEff /proc/self/status; touch /etc/x");
      assertTrue(who.text().startsWith("1000\nCapEff:\t0000000000000000"), who.text());
      assertEquals(ExecutionStatus.ERROR, who.status(), "the root filesystem is read-only: " + who.text());
      // by set, not by count: a container of an earlier test may still be on its way out
      assertEquals(1, SandboxContainers.running().stream().filter(id -> !before.contains(id)).count());
    }
    assertTrue(SandboxContainers.onlyThoseRemain(before, 20), "the sandbox container is gone after close");
  }

  /**
   * Issue 9: the sandbox's first Python kernel starts beside Jupyter Server, and the sandbox boots without its CPU
   * limit; the session gets that very kernel, and the limit holds before anything of the session runs.
   */
  @Test
  void theFirstPythonKernelIsTheOneThatBootedWithTheSandboxAndTheCpuLimitHoldsBeforeItServes() throws Exception {
    try (TestBroker broker = new TestBroker(java.util.Map.of("BROKER_SANDBOX_CPUS", "0.5"))) {
      KernelSession session = broker.broker().sessions().obtain("warm");
      ExecutionResult file = run(session, Language.PYTHON,
          "from ipykernel.connect import get_connection_file\nprint(get_connection_file())");
      assertTrue(file.text().contains("kernel-warm-"), "the warm kernel serves the first cell: " + file.text());
      try (var docker = DockerConnection.open()) {
        var host = docker.inspectContainerCmd(session.status().sandbox().containerId()).exec().getHostConfig();
        assertEquals(500_000_000L, host.getNanoCPUs(), "BROKER_SANDBOX_CPUS applies once the sandbox serves");
      }
      ExecutionResult second = run(session, Language.BASH, "ls /tmp/jupyter/runtime | grep -c kernel-warm-");
      assertEquals("1", second.text().strip(), "one warm kernel, handed out once: " + second.text());
    }
  }

  @Test
  void aKernelKilledByTheMemoryLimitIsReportedAndRestartedAndNothingElseDies() throws Exception {
    try (TestBroker broker = new TestBroker()) {
      KernelSession session = broker.broker().sessions().obtain("memory");
      run(session, Language.PYTHON, "before = 1");
      String server = run(session, Language.BASH, "export MARK=kept; pgrep -o -f jupyter-server").text().strip();
      ExecutionResult oom = run(session, Language.PYTHON, "hog = bytearray(3 * 1024**3)\nhog[::4096] = b'x' * len(hog[::4096])");
      assertEquals(ExecutionStatus.KERNEL_DIED, oom.status(), oom.summary());
      assertFalse(oom.stateKept());
      ExecutionResult after = run(session, Language.PYTHON, "print('alive', 'before' in globals())");
      assertEquals(ExecutionStatus.OK, after.status(), after.summary());
      assertTrue(after.text().contains("alive False"), after.text());
      ExecutionResult bash = run(session, Language.BASH, "echo $MARK $(pgrep -o -f jupyter-server)");
      assertEquals("kept " + server, bash.text().strip(), "the OOM killer took the kernel, not Jupyter Server");
    }
  }

  @Test
  void aContainerKilledFromOutsideIsRecreatedAndTheSessionIsTold() throws Exception {
    try (TestBroker broker = new TestBroker()) {
      KernelSession session = broker.broker().sessions().obtain("killed");
      run(session, Language.PYTHON, "value = 1");
      run(session, Language.BASH, "export MARK=1");
      var first = session.status().sandbox();
      try (var docker = DockerConnection.open()) {
        docker.killContainerCmd(first.name()).exec();
      }
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (stoppedSandboxes(broker) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, stoppedSandboxes(broker), "/health shows the stopped sandbox within 3 s: "
          + broker.broker().status().health());
      ExecutionResult python = run(session, Language.PYTHON, "print('value' in globals())");
      assertEquals(ExecutionStatus.OK, python.status(), python.summary());
      assertTrue(python.text().contains("False"), python.text());
      assertFalse(python.stateKept());
      assertTrue(python.summary().contains("sandbox container had stopped"), python.summary());
      ExecutionResult bash = run(session, Language.BASH, "echo ${MARK:-gone}");
      assertTrue(bash.summary().contains("sandbox container had stopped"), "bash is told too: " + bash.summary());
      assertTrue(bash.text().contains("gone"), bash.text());
      assertEquals(first.generation() + 1, session.status().sandbox().generation());
      assertFalse(SandboxContainers.running().stream().anyMatch(id -> id.startsWith(first.containerId())));
      assertEquals(0, stoppedSandboxes(broker), "replaced: " + broker.broker().status().health());
    }
  }

  @Test
  void aKernelStartedAfterTheSandboxDiedLandsInTheReplacement() throws Exception {
    try (TestBroker broker = new TestBroker()) {
      KernelSession session = broker.broker().sessions().obtain("python-only");
      run(session, Language.PYTHON, "value = 1");
      var first = session.status().sandbox();
      try (var docker = DockerConnection.open()) {
        docker.killContainerCmd(first.name()).exec();
      }
      ExecutionResult bash = run(session, Language.BASH, "echo fresh");
      assertEquals(ExecutionStatus.OK, bash.status(), bash.summary());
      assertEquals("fresh", bash.text().strip());
      ExecutionResult python = run(session, Language.PYTHON, "print('value' in globals())");
      assertTrue(python.summary().contains("sandbox container had stopped"), python.summary());
      assertTrue(python.text().contains("False"), python.text());
      assertEquals(first.generation() + 1, session.status().sandbox().generation());
    }
  }
}
