package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.Output.NoticeOutput;
import dev.kernelbroker.jupyter.Output.RichOutput;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.KernelFixture;
import dev.kernelbroker.testsupport.DockerAvailable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Huge output is capped, and the JVM does not keep it. Also: two kernels run in parallel. */
@ExtendWith(DockerAvailable.class)
class OutputCapTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final long MB = 1024 * 1024;
  private static KernelFixture fixture;

  @BeforeAll
  static void startKernel() {
    fixture = KernelFixture.start("python3", KernelFixture.GIB,
        KernelSettings.DEFAULT.withOutputLimits(new OutputLimits(100_000, 20_000)));
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void assertCappedAndHeapSmall(String code) throws InterruptedException {
    long before = usedHeapAfterGc();
    AtomicLong liveChars = new AtomicLong();
    ExecutionResult r = Await.result(fixture.kernel().client().execute(new ExecuteRequest(code, LIMIT,
        o -> liveChars.addAndGet(OutputCollector.charsOf(o)))).result(), LIMIT);
    long delta = usedHeapAfterGc() - before;
    assertEquals(ExecutionStatus.OK, r.status(), r.summary());
    assertTrue(r.text().length() <= 100_000, "kept " + r.text().length());
    assertTrue(r.text().startsWith("x"), () -> r.outputs().toString().substring(0, 300));
    assertTrue(r.outputs().stream().anyMatch(o -> o instanceof NoticeOutput n
        && n.text().contains("characters were dropped")), r.outputs()::toString);
    assertTrue(liveChars.get() >= 50_000_000, "live listener saw " + liveChars.get());
    assertTrue(delta < 40 * MB, "heap grew by " + delta / MB + " MB while keeping the result");
  }

  @Test
  void oneHugePrintIsCapped() throws InterruptedException {
    assertCappedAndHeapSmall("print('x' * 50_000_000)");
  }

  @Test
  void manySmallPrintsAreCapped() throws InterruptedException {
    assertCappedAndHeapSmall("for i in range(1_000_000):\n    print('x' * 49)");
  }

  @Test
  void aSingleMessageOverTheLimitIsLostOutputSaidAsSuchAndTheKernelKeepsItsState() {
    // JSON data is not cut in the sandbox (only strings are), so this one message stays over the broker's limit
    ExecutionResult r = Await.result(fixture.kernel().client().execute("kept = 7\nfrom IPython.display import display\n"
        + "display({'application/json': {'k': 'y' * 20_000_000}}, raw=True)\nprint('after')", LIMIT));
    assertEquals(ExecutionStatus.ERROR, r.status(), r.summary());
    assertTrue(r.summary().contains("output was lost") && r.summary().contains("state was kept"), r.summary());
    assertTrue(r.stateKept());
    assertTrue(r.outputs().stream().anyMatch(o -> o instanceof NoticeOutput n
        && n.text().contains("larger than 16 MiB")), r.outputs()::toString);
    ExecutionResult next = Await.result(fixture.kernel().client().execute("print(kept)", LIMIT));
    assertEquals(ExecutionStatus.OK, next.status(), next.summary());
    assertEquals("7", next.text().strip());
  }

  @Test
  void aGiantReprOrErrorIsCutToItsHeadAndTailInTheSandbox() {
    ExecutionResult repr = Await.result(fixture.kernel().client().execute("'y' * 20_000_000 + 'END'", LIMIT));
    assertEquals(ExecutionStatus.OK, repr.status(), repr.summary());
    // cut to 512 Ki characters in the sandbox, then over this fixture's 100 000-character cap: said, not silent
    assertTrue(repr.outputs().stream().anyMatch(o -> o instanceof NoticeOutput n && n.text().contains("524")),
        repr.outputs()::toString);
    ExecutionResult error = Await.result(fixture.kernel().client().execute("raise ValueError('z' * 20_000_000)",
        LIMIT));
    assertEquals(ExecutionStatus.ERROR, error.status(), error.summary());
    assertTrue(error.stateKept(), error.summary());
    assertTrue(error.summary().contains("ValueError"), error.summary());
  }

  @Test
  void oversizedImageIsReplacedByANotice() {
    ExecutionResult r = Await.result(fixture.kernel().client().execute(
        "import matplotlib.pyplot as plt, numpy as np\nplt.figure(figsize=(12, 12))\n"
            + "plt.imshow(np.random.rand(400, 400))\nplt.show()", LIMIT));
    assertEquals(ExecutionStatus.OK, r.status(), r.summary());
    assertTrue(r.outputs().stream().noneMatch(o -> o instanceof RichOutput ro && ro.data().containsKey("image/png")));
    assertTrue(r.outputs().stream().anyMatch(o -> o instanceof NoticeOutput n && n.text().contains("image/png")),
        r.outputs()::toString);
  }

  @Test
  void twoKernelsRunInParallel() {
    KernelManager other = Await.result(KernelManager.launch(fixture.vertx(), fixture.rest(), "python3", KernelSettings.DEFAULT));
    try {
      long start = System.nanoTime();
      var a = fixture.kernel().client().execute("import time; time.sleep(2)", LIMIT);
      var b = other.client().execute("import time; time.sleep(2)", LIMIT);
      assertEquals(ExecutionStatus.OK, Await.result(a).status());
      assertEquals(ExecutionStatus.OK, Await.result(b).status());
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertTrue(millis < 3500, "two 2 s sleeps took " + millis + " ms");
    } finally {
      Await.result(other.shutdown());
    }
  }
}
