package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.Output.ErrorOutput;
import dev.kernelbroker.jupyter.Output.RichOutput;
import dev.kernelbroker.jupyter.Output.StreamOutput;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.KernelFixture;
import dev.kernelbroker.testsupport.DockerAvailable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerAvailable.class)
class PythonExecutionTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);
  private static KernelFixture fixture;

  @BeforeAll
  static void startKernel() {
    fixture = KernelFixture.start("python3");
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

  @Test
  void stateSurvivesBetweenExecutions() {
    assertEquals(ExecutionStatus.OK, run("persisted = 41").status());
    ExecutionResult r = run("print(persisted + 1)");
    assertEquals("42\n", r.text());
    assertTrue(r.stateKept());
    assertNotNull(r.executionCount());
    assertEquals(KernelState.IDLE, fixture.kernel().state());
    assertEquals(r.executionCount(), fixture.kernel().executionCount());
  }

  @Test
  void stdoutAndStderrArriveInOrderWithTheirNames() {
    ExecutionResult r = run("import sys\nprint('a'); sys.stdout.flush()\nprint('b', file=sys.stderr); sys.stderr.flush()\n"
        + "print('c'); sys.stdout.flush()");
    assertEquals(List.of(new StreamOutput("stdout", "a\n"), new StreamOutput("stderr", "b\n"),
        new StreamOutput("stdout", "c\n")), r.outputs());
  }

  @Test
  void exceptionIsAnErrorWithPlainTraceback() {
    ExecutionResult r = run("1/0");
    assertEquals(ExecutionStatus.ERROR, r.status());
    ErrorOutput e = assertInstanceOf(ErrorOutput.class, r.outputs().get(r.outputs().size() - 1));
    assertEquals("ZeroDivisionError", e.ename());
    assertFalse(e.traceback().isEmpty());
    e.traceback().forEach(line -> assertFalse(line.contains("\u001B"), line));
    assertTrue(r.summary().contains("ZeroDivisionError"), r.summary());
    assertTrue(r.stateKept());
  }

  @Test
  void finalExpressionIsAResult() {
    ExecutionResult r = run("6 * 7");
    RichOutput out = assertInstanceOf(RichOutput.class, r.outputs().get(0));
    assertEquals(RichOutput.Kind.RESULT, out.kind());
    assertEquals("42", out.data().get("text/plain"));
    assertEquals(r.executionCount(), out.executionCount());
  }

  @Test
  void matplotlibPlotIsAPng() {
    ExecutionResult r = run("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()");
    assertEquals(ExecutionStatus.OK, r.status(), r::toString);
    assertTrue(r.outputs().stream().anyMatch(o -> o instanceof RichOutput ro
        && ro.kind() == RichOutput.Kind.DISPLAY && ro.data().containsKey("image/png")), r::toString);
  }

  @Test
  void jsonAndHtmlDisplaysAreKept() {
    ExecutionResult r = run("from IPython.display import JSON, HTML, display\ndisplay(HTML('<b>x</b>'))\n"
        + "display(JSON({'a': 1}))");
    RichOutput html = assertInstanceOf(RichOutput.class, r.outputs().get(0));
    assertEquals("<b>x</b>", html.data().get("text/html"));
    RichOutput json = assertInstanceOf(RichOutput.class, r.outputs().get(1));
    assertEquals("{\"a\":1}", json.data().get("application/json"));
  }

  @Test
  void clearOutputDropsEarlierOutput() {
    ExecutionResult r = run("from IPython.display import clear_output\nprint('old')\nclear_output()\nprint('new')");
    assertEquals("new\n", r.text());
  }

  @Test
  void inputDoesNotHang() {
    ExecutionResult r = Await.result(fixture.kernel().client().execute("input('name? ')", Duration.ofSeconds(10)));
    assertEquals(ExecutionStatus.ERROR, r.status(), r::toString);
  }

  @Test
  void busyLoopTimesOutPromptlyAndKeepsState() {
    run("before_timeout = 'still here'");
    long start = System.nanoTime();
    ExecutionResult r = Await.result(fixture.kernel().client().execute("while True: pass", Duration.ofSeconds(2)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(ExecutionStatus.TIMEOUT, r.status(), r::toString);
    assertTrue(r.stateKept(), r.summary());
    assertTrue(took.toMillis() < 6000, "took " + took);
    assertEquals("Timed out after 2 s; the kernel was interrupted and its state was kept.", r.summary());
    assertEquals("still here\n", run("print(before_timeout)").text());
  }

  @Test
  void cancellingARunningSleepIsQuickAndKeepsState() throws Exception {
    run("before_cancel = 7");
    Execution sleeping = fixture.kernel().client().execute(new ExecuteRequest("import time\ntime.sleep(30)", MINUTE));
    Thread.sleep(1000);
    long start = System.nanoTime();
    sleeping.cancel();
    ExecutionResult r = Await.result(sleeping.result());
    assertEquals(ExecutionStatus.CANCELLED, r.status(), r::toString);
    assertTrue(r.stateKept(), r.summary());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3000);
    assertEquals("7\n", run("print(before_cancel)").text());
  }

  @Test
  void queuedExecutionsRunInOrderAndQueuedOnesCanBeCancelled() {
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    List<Execution> all = new ArrayList<>();
    run("order = []");
    for (int i = 0; i < 5; i++) {
      int n = i;
      Execution e = fixture.kernel().client().execute(new ExecuteRequest("import time\ntime.sleep(0.1)\norder.append(" + i + ")",
          MINUTE));
      e.result().onSuccess(r -> finished.add(n));
      all.add(e);
    }
    Execution dropped = fixture.kernel().client().execute(new ExecuteRequest("order.append(99)", MINUTE));
    dropped.cancel();
    assertEquals(ExecutionStatus.CANCELLED, Await.result(dropped.result()).status());
    all.forEach(e -> assertEquals(ExecutionStatus.OK, Await.result(e.result()).status()));
    assertEquals(List.of(0, 1, 2, 3, 4), finished);
    assertEquals("[0, 1, 2, 3, 4]\n", run("print(order)").text());
  }

  @Test
  void liveListenerSeesOutputAsItComes() {
    List<Output> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutionResult r = Await.result(fixture.kernel().client()
        .execute(new ExecuteRequest("print('live')", MINUTE, seen::add)).result());
    assertEquals(r.outputs(), List.copyOf(seen));
  }
}
