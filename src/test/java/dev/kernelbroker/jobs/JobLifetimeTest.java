package dev.kernelbroker.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.config.JobSettings;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpSessionRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job keeps its session alive with no client, ends with it, and a session holds a bounded number of jobs. */
class JobLifetimeTest {
  private final Vertx vertx = Vertx.vertx();
  private final McpSessionRegistry sessions = new McpSessionRegistry(vertx, Duration.ofMillis(200),
      Duration.ofMillis(200));
  private final JobRegistry jobs = new JobRegistry(vertx, new JobSettings(Duration.ofMinutes(1), 2), 1000);

  @AfterEach
  void stop() throws Exception {
    jobs.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aRunningJobKeepsItsIdleSessionOpenUntilItEnds() throws Exception {
    McpSession session = sessions.open(McpSession.Transport.STREAMABLE_HTTP);
    Promise<CallToolResult> work = Promise.promise();
    Job job = jobs.submit(session, "t", Optional.empty(), s -> { }, (j, cancel) -> work.future());
    Thread.sleep(800);
    assertFalse(session.isClosed(), "no client, no stream, but a job runs");
    work.complete(CallToolResult.text("done"));
    assertEquals(JobState.COMPLETED, job.snapshot().state());
    Thread.sleep(800);
    assertTrue(session.isClosed(), "idle once the job ended");
    assertEquals(0, jobs.list(session).size(), "its jobs went with it");
  }

  @Test
  void aSessionEndingCancelsItsJobsAndTheCapCountsOnlyUnfinishedOnes() {
    McpSession session = sessions.open(McpSession.Transport.STDIO);
    Promise<CallToolResult> never = Promise.promise();
    Job running = jobs.submit(session, "t", Optional.empty(), s -> { }, (j, cancel) -> never.future());
    Job finished = jobs.submit(session, "t", Optional.empty(), s -> { },
        (j, cancel) -> io.vertx.core.Future.succeededFuture(CallToolResult.error("[status: error] boom")));
    assertEquals(JobState.FAILED, finished.snapshot().state());
    assertEquals("[status: error] boom", finished.snapshot().message());
    Job third = jobs.submit(session, "t", Optional.empty(), s -> { }, (j, cancel) -> never.future());
    assertEquals(2, jobs.list(session).size(), "the ended job made room");
    assertThrows(IllegalStateException.class,
        () -> jobs.submit(session, "t", Optional.empty(), s -> { }, (j, cancel) -> never.future()));
    session.close();
    assertEquals(JobState.CANCELLED, running.snapshot().state());
    assertTrue(third.snapshot().message().startsWith("Cancelled because its session ended."), third.snapshot().message());
    assertThrows(IllegalStateException.class,
        () -> jobs.submit(session, "t", Optional.empty(), s -> { }, (j, cancel) -> never.future()));
  }
}
