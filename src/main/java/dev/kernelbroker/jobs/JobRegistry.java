package dev.kernelbroker.jobs;

import dev.kernelbroker.config.JobSettings;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.server.CancellationSignal;
import dev.kernelbroker.mcp.server.McpSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every session's jobs. A job keeps its session open while it runs (the client may be gone), is kept for the
 * retention time once it ended, and is cancelled when its session ends. Jobs are found only through the session
 * that started them: ids are unguessable, and another session's id is simply not there.
 */
public final class JobRegistry {
  /** Starts a job's work: {@code job} observes it, {@code cancellation} fires when the job is cancelled. */
  @FunctionalInterface
  public interface Work {
    Future<CallToolResult> start(Job job, CancellationSignal cancellation);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final JobSettings settings;
  private final int outputBudget;
  private final Map<String, Map<String, Job>> bySession = new ConcurrentHashMap<>();
  private final long sweeper;

  /** @param outputBudget characters of a job's output kept for its log (its whole output is spilled by the call) */
  public JobRegistry(Vertx vertx, JobSettings settings, int outputBudget) {
    this.vertx = vertx;
    this.settings = settings;
    this.outputBudget = outputBudget;
    long period = Math.max(1000, Math.min(30_000, settings.retention().toMillis() / 4));
    this.sweeper = vertx.setPeriodic(period, t -> sweep());
  }

  public JobSettings settings() {
    return settings;
  }

  /**
   * Starts {@code work} as a new job of the session.
   *
   * @param retention asked for by the client (a task's ttl); never longer than the configured retention
   * @param onChange receives the job's state on every change of state
   * @throws IllegalStateException when the session has ended, or holds its maximum of jobs and none has ended
   */
  public Job submit(McpSession session, String tool, Optional<Duration> retention,
      Consumer<Job.Snapshot> onChange, Work work) {
    if (session.isClosed()) {
      throw new IllegalStateException("the session has ended");
    }
    Duration keep = retention.filter(r -> r.compareTo(settings.retention()) < 0).orElse(settings.retention());
    String id = newId();
    Job job = new Job(id, tool, keep, new JobLog(outputBudget));
    job.onChange(onChange);
    admit(session, job);
    Runnable release = session.hold();
    Future<CallToolResult> outcome;
    try {
      outcome = work.start(job, job.cancellationSignal());
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.otherwise(e -> CallToolResult.error("The job could not run: " + e.getMessage()))
        .onComplete(done -> {
          try {
            job.finish(done.result() != null ? done.result() : CallToolResult.error("The job's tool returned no"
                + " result."));
          } finally {
            release.run();
          }
        });
    return job;
  }

  public Optional<Job> find(McpSession session, String id) {
    Map<String, Job> jobs = bySession.get(session.id());
    if (jobs == null || id == null) {
      return Optional.empty();
    }
    synchronized (jobs) {
      return Optional.ofNullable(jobs.get(id));
    }
  }

  /** The session's jobs, oldest first. */
  public List<Job> list(McpSession session) {
    Map<String, Job> jobs = bySession.get(session.id());
    if (jobs == null) {
      return List.of();
    }
    synchronized (jobs) {
      return List.copyOf(jobs.values());
    }
  }

  /** Cancels the job; false if it had ended already. */
  public boolean cancel(Job job, String why) {
    return job.cancel(why);
  }

  public void close() {
    vertx.cancelTimer(sweeper);
  }

  private void admit(McpSession session, Job job) {
    Map<String, Job> jobs = bySession.get(session.id());
    if (jobs == null) {
      Map<String, Job> fresh = new LinkedHashMap<>();
      jobs = bySession.putIfAbsent(session.id(), fresh);
      if (jobs == null) {
        jobs = fresh;
        // Outside the map's update: for a session closed already, this runs at once.
        session.onClose(() -> ended(session.id()));
      }
    }
    synchronized (jobs) {
      if (jobs.size() >= settings.maxPerSession()) {
        String oldestEnded = jobs.values().stream().filter(j -> j.snapshot().state().isTerminal())
            .map(Job::id).findFirst().orElseThrow(() -> new IllegalStateException("this session already has "
                + settings.maxPerSession() + " jobs queued or running (BROKER_MAX_JOBS_PER_SESSION); wait for"
                + " one to end or cancel one"));
        jobs.remove(oldestEnded);
      }
      jobs.put(job.id(), job);
    }
  }

  private void ended(String sessionId) {
    Map<String, Job> jobs = bySession.remove(sessionId);
    if (jobs != null) {
      List<Job> all;
      synchronized (jobs) {
        all = List.copyOf(jobs.values());
      }
      all.forEach(j -> j.cancel("Cancelled because its session ended."));
    }
  }

  private void sweep() {
    Instant now = Instant.now();
    for (Map<String, Job> jobs : bySession.values()) {
      synchronized (jobs) {
        jobs.values().removeIf(j -> {
          Job.Snapshot s = j.snapshot();
          return s.endedAt() != null && s.endedAt().plus(s.retention()).isBefore(now);
        });
      }
    }
  }

  private static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "job-" + HexFormat.of().formatHex(bytes);
  }
}
