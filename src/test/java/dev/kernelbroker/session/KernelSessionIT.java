package dev.kernelbroker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.TestBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** State lost between calls is never silent: the next result of the session says so. */
@ExtendWith(DockerAvailable.class)
class KernelSessionIT {
  private static TestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new TestBroker(Map.of("BROKER_SESSION_IDLE_TIMEOUT", "10s"));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static ExecutionResult run(KernelSession session, String code) {
    return Await.result(session.execute(Language.PYTHON, new ExecuteRequest(code, Duration.ofSeconds(60)), c -> { }));
  }

  @Test
  void aKernelThatDiesBetweenCallsIsReportedOnTheNextCall() throws Exception {
    KernelSession session = broker.broker().sessions().obtain("dies-later");
    ExecutionResult armed = run(session, "import os, threading\nlost = 1\nthreading.Timer(0.5, lambda: os._exit(1)).start()");
    assertEquals(ExecutionStatus.OK, armed.status(), armed.summary());
    Thread.sleep(4000);
    ExecutionResult next = run(session, "print('lost' in globals())");
    assertEquals(ExecutionStatus.OK, next.status(), next.summary());
    assertFalse(next.stateKept());
    assertTrue(next.summary().contains("died after the previous call"), next.summary());
    assertTrue(next.text().contains("False"), next.text());
  }

  @Test
  void anIdleSessionIsShutDownAndItsReturningCallerIsTold() throws Exception {
    KernelSession first = broker.broker().sessions().obtain("idle");
    run(first, "kept = 1");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (broker.broker().sessions().find("idle").isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertTrue(broker.broker().sessions().find("idle").isEmpty(), "the idle session was not shut down");
    ExecutionResult back = run(broker.broker().sessions().obtain("idle"), "print('kept' in globals())");
    assertTrue(back.summary().contains("shut down after 10 s without use"), back.summary());
    assertTrue(back.text().contains("False"), back.text());
  }

  @Test
  void aKernelDeletedThroughJupytersApiIsReportedOnTheNextCallWithinSeconds() throws Exception {
    KernelSession session = broker.broker().sessions().obtain("deleted");
    run(session, "x = 1");
    String deleteAll = """
        api=http://localhost/api/kernels; auth="Authorization: token $JUPYTER_TOKEN"
        for id in $(curl -s --unix-socket "$KB_JUPYTER_SOCK" -H "$auth" $api \\
            | python3 -c 'import json,sys; print(*[k["id"] for k in json.load(sys.stdin) if k["name"] == "python3"])'); do
          curl -s -o /dev/null -w '%{http_code} ' --unix-socket "$KB_JUPYTER_SOCK" -H "$auth" -X DELETE $api/$id
        done""";
    ExecutionResult deleted = Await.result(session.execute(Language.BASH,
        new ExecuteRequest(deleteAll, Duration.ofSeconds(30)), c -> { }));
    assertTrue(deleted.text().contains("204"), deleted.text());
    long started = System.nanoTime();
    ExecutionResult next = run(session, "print('x' in globals())");
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertTrue(seconds < 20, "the next call took " + seconds + " s");
    assertEquals(ExecutionStatus.KERNEL_DIED, next.status(), next.summary());
    assertFalse(next.stateKept(), next.summary());
    assertTrue(next.summary().contains("deleted or shut down from outside"), next.summary());
    ExecutionResult after = run(session, "print('x' in globals())");
    assertEquals(ExecutionStatus.OK, after.status(), after.summary());
    assertTrue(after.text().contains("False"), after.text());
  }
}
