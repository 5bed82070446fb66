package dev.kernelbroker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kernelbroker.jupyter.Output;
import org.junit.jupiter.api.Test;

class JobLogTest {
  @Test
  void pagesThroughEverythingWhileWithinTheBudget() {
    JobLog log = new JobLog(1000);
    log.append(JobLog.STDOUT, "hello ");
    log.add(new Output.StreamOutput(JobLog.STDERR, "oops\n"));
    log.append(JobLog.STDOUT, "world\n");
    JobLog.Page first = log.read(0, 8, null);
    assertEquals("hello oo", first.text());
    assertEquals(8, first.nextOffset());
    JobLog.Page rest = log.read(first.nextOffset(), 100, null);
    assertEquals("ps\nworld\n", rest.text());
    assertEquals(log.total(), rest.nextOffset());
    assertEquals("hello world\n", log.read(0, 100, JobLog.STDOUT).text());
    assertEquals(5, log.chars(JobLog.STDERR));
  }

  @Test
  void keepsHeadAndTailOfMoreThanTheBudgetAndSaysWhatWasSkipped() {
    JobLog log = new JobLog(100);
    for (int i = 0; i < 100; i++) {
      log.append(JobLog.STDOUT, String.format("%04d\n", i)); // 5 characters a line, 500 in all
    }
    assertEquals(500, log.total());
    assertEquals(400, log.dropped());
    JobLog.Page head = log.read(0, 1000, null);
    assertEquals(50, head.nextOffset(), "a page stops where the kept head ends");
    assertEquals("0000\n", head.text().substring(0, 5));
    JobLog.Page tail = log.read(head.nextOffset(), 1000, null);
    assertEquals(400, tail.skipped());
    assertEquals(450, tail.from());
    assertEquals("0099\n", tail.text().substring(tail.text().length() - 5));
    assertEquals(500, tail.nextOffset());
  }

  @Test
  void oneHugeChunkKeepsOnlyItsEnd() {
    JobLog log = new JobLog(100);
    log.append(JobLog.STDOUT, "a".repeat(40) + "b".repeat(10_000) + "END");
    assertEquals(10_043, log.total());
    JobLog.Page tail = log.read(60, 100, null);
    assertEquals(10_043 - 50, tail.from());
    assertEquals("b".repeat(47) + "END", tail.text());
  }
}
