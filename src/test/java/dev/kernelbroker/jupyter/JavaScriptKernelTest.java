package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.KernelFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox's JavaScript kernel as the broker sees it: results, errors, timeouts and a lost node. */
@ExtendWith(DockerAvailable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaScriptKernelTest {
  private static KernelFixture fixture;

  @BeforeAll
  static void startKernel() {
    fixture = KernelFixture.start("javascript");
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

  static List<String> values(ExecutionResult result) {
    return result.outputs().stream().filter(o -> o instanceof Output.RichOutput r
        && r.kind() == Output.RichOutput.Kind.RESULT).map(o -> ((Output.RichOutput) o).data().get("text/plain"))
        .toList();
  }

  @Test
  void bindingsAndRequiredModulesPersistAndTheLastValueIsTheResult() {
    ExecutionResult setup = run("let n = 41\nconst fs = require('fs')\nfunction inc(x) { return x + 1 }");
    assertEquals(ExecutionStatus.OK, setup.status(), setup::toString);
    ExecutionResult used = run("console.log(typeof fs.readFileSync)\nawait Promise.resolve(inc(n))");
    assertEquals(ExecutionStatus.OK, used.status(), used::toString);
    assertEquals("function\n", used.text());
    assertEquals(List.of("42"), values(used));
    assertTrue(used.stateKept());
  }

  @Test
  void anUncaughtExceptionIsAnErrorWithItsStack() {
    ExecutionResult thrown = run("function deeper() { throw new RangeError('too far') }\ndeeper()");
    assertEquals(ExecutionStatus.ERROR, thrown.status(), thrown::toString);
    Output.ErrorOutput error = thrown.outputs().stream().filter(o -> o instanceof Output.ErrorOutput)
        .map(o -> (Output.ErrorOutput) o).findFirst().orElseThrow();
    assertEquals("RangeError", error.ename());
    assertEquals("too far", error.evalue());
    assertTrue(String.join("\n", error.traceback()).contains("at deeper (cell["), error.traceback()::toString);
    assertTrue(thrown.stateKept());
    assertTrue(thrown.summary().contains("RangeError: too far"), thrown::summary);
  }

  @Test
  @Order(1)
  void aTimeoutInterruptsTheCodeAndKeepsLetBindings() {
    assertEquals(ExecutionStatus.OK, run("let kept = 'still here'").status());
    ExecutionResult spun = fixture.run("while (true) {}", Duration.ofSeconds(2));
    assertEquals(ExecutionStatus.TIMEOUT, spun.status(), spun::toString);
    assertTrue(spun.stateKept(), spun::summary);
    assertEquals(List.of("'still here'"), values(run("kept")));
  }

  @Test
  @Order(2)
  void processExitStartsANewNodeAndSaysTheStateIsGone() {
    assertEquals(ExecutionStatus.OK, run("let mark = 1").status());
    ExecutionResult exited = run("process.exit(0)");
    assertFalse(exited.stateKept(), exited::summary);
    assertTrue(exited.summary().contains("process.exit() in JavaScript) and a new one was started"),
        exited::summary);
    assertEquals(List.of("'undefined'"), values(run("typeof mark")));
  }
}
