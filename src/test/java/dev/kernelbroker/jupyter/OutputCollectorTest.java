package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.Output.ErrorOutput;
import dev.kernelbroker.jupyter.Output.NoticeOutput;
import dev.kernelbroker.jupyter.Output.StreamOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cap's bookkeeping, without a kernel. */
class OutputCollectorTest {
  private final OutputCollector collector = new OutputCollector(new OutputLimits(100, 1000));

  @Test
  void adjacentChunksOfOneStreamMerge() {
    collector.add(new StreamOutput("stdout", "a"));
    collector.add(new StreamOutput("stdout", "b"));
    collector.add(new StreamOutput("stderr", "c"));
    assertEquals(List.of(new StreamOutput("stdout", "ab"), new StreamOutput("stderr", "c")), collector.outputs());
  }

  @Test
  void overflowKeepsHeadAndTailAndCountsTheRest() {
    for (int i = 0; i < 1000; i++) {
      collector.add(new StreamOutput("stdout", i % 10 == 9 ? "9\n" : String.valueOf(i % 10)));
    }
    List<Output> out = collector.outputs();
    assertEquals(3, out.size(), out::toString);
    StreamOutput head = assertInstanceOf(StreamOutput.class, out.get(0));
    NoticeOutput notice = assertInstanceOf(NoticeOutput.class, out.get(1));
    StreamOutput tail = assertInstanceOf(StreamOutput.class, out.get(2));
    assertEquals(50, head.text().length());
    assertEquals(50, tail.text().length());
    assertTrue(tail.text().endsWith("89\n"), tail.text());
    int total = 900 + 200;
    assertTrue(notice.text().contains((total - 100) + " characters were dropped"), notice.text());
  }

  @Test
  void oneHugeChunkIsCutBeforeBeingCopied() {
    collector.add(new StreamOutput("stdout", "h".repeat(10_000) + "END"));
    List<Output> out = collector.outputs();
    assertTrue(((StreamOutput) out.get(2)).text().endsWith("END"));
    assertTrue(((NoticeOutput) out.get(1)).text().contains("9903 characters were dropped"), out::toString);
  }

  @Test
  void aFinalErrorSurvivesAFlood() {
    collector.add(new StreamOutput("stdout", "x".repeat(500)));
    collector.add(new ErrorOutput("ValueError", "bad", List.of("line 1", "ValueError: bad")));
    assertInstanceOf(ErrorOutput.class, collector.outputs().get(collector.outputs().size() - 1));
  }

  @Test
  void clearOutputDropsEverythingBefore() {
    collector.add(new StreamOutput("stdout", "old"));
    collector.clear(true);
    assertEquals(List.of(new StreamOutput("stdout", "old")), collector.outputs());
    collector.add(new StreamOutput("stdout", "new"));
    assertEquals(List.of(new StreamOutput("stdout", "new")), collector.outputs());
  }

  @Test
  void ansiCodesAreStripped() {
    assertEquals("Traceback", OutputDecoder.stripAnsi("\u001B[0;31mTraceback\u001B[0m"));
  }

  @Test
  void theSinkGetsEverythingOnceTheBudgetIsExceededAndNothingBefore() {
    StringBuilder spilled = new StringBuilder();
    OutputCollector spilling = new OutputCollector(new OutputLimits(100, 1000),
        output -> spilled.append(((StreamOutput) output).text()));
    spilling.add(new StreamOutput("stdout", "x".repeat(60)));
    spilling.add(new StreamOutput("stdout", "y".repeat(30)));
    assertEquals("", spilled.toString(), "within the budget nothing is spilled");
    StringBuilder all = new StringBuilder("x".repeat(60) + "y".repeat(30));
    for (int i = 0; i < 50; i++) {
      String chunk = i + ":" + "z".repeat(i) + "\n";
      all.append(chunk);
      spilling.add(new StreamOutput("stdout", chunk));
    }
    assertEquals(all.toString(), spilled.toString());
    assertTrue(spilling.outputs().stream().anyMatch(NoticeOutput.class::isInstance), "the result is still cut");
  }
}
