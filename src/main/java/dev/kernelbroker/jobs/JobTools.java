package dev.kernelbroker.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ProgressReporter;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** submit_job, check_job_status, get_job_logs and cancel_job: jobs for clients without MCP Tasks. */
public final class JobTools {
  static final String JOB_ID = "job_id";
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final JobRegistry jobs;
  private final Map<Language, StreamingTool> runners;
  private final Duration maxTimeout;
  private final int maxPage;

  private JobTools(Vertx vertx, JobRegistry jobs, Map<Language, StreamingTool> runners, Duration maxTimeout,
      int maxPage) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.runners = Map.copyOf(runners);
    this.maxTimeout = maxTimeout;
    this.maxPage = maxPage;
  }

  /** @param runners the execute tool of every language a job may use */
  public static List<McpTool> create(Vertx vertx, JobRegistry jobs, Map<Language, StreamingTool> runners,
      Duration maxTimeout, int maxPage) {
    JobTools t = new JobTools(vertx, jobs, runners, maxTimeout, maxPage);
    return List.of(
        McpTool.of(JobToolSchemas.submit(runners.keySet(), maxTimeout, jobs.settings()), t::submit),
        McpTool.of(JobToolSchemas.status(), t::status),
        McpTool.of(JobToolSchemas.logs(maxPage), t::logs),
        McpTool.of(JobToolSchemas.cancel(), t::cancel));
  }

  private Future<CallToolResult> submit(ToolInvocation inv) {
    ObjectNode args = inv.arguments();
    Optional<String> bad = JobToolSchemas.unknownArgument(args, "language", "code", "timeout_seconds");
    if (bad.isPresent()) {
      return invalid(bad.get());
    }
    String name = args.path("language").asText("");
    StreamingTool runner = runners.entrySet().stream()
        .filter(e -> e.getKey().name().toLowerCase(Locale.ROOT).equals(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
    if (runner == null) {
      return invalid("'language' must be one of " + JobToolSchemas.languageNames(runners.keySet()) + ", got "
          + args.path("language"));
    }
    if (!args.path("code").isTextual()) {
      return invalid("'code' is required and must be a string");
    }
    JsonNode timeout = args.get("timeout_seconds");
    long max = maxTimeout.toSeconds();
    if (timeout != null && !timeout.isNull()
        && (!timeout.isIntegralNumber() || timeout.asLong() < 1 || timeout.asLong() > max)) {
      return invalid("'timeout_seconds' must be a whole number of seconds from 1 to " + max + ", got " + timeout);
    }
    ObjectNode call = McpJson.object().put("command", args.get("code").asText())
        .put("timeout_seconds", timeout == null || timeout.isNull() ? max : timeout.asLong());
    Job job;
    try {
      job = jobs.submit(inv.session(), runner.definition().name(), Optional.empty(), s -> { },
          (j, cancel) -> runner.call(new ToolInvocation(inv.session(), call, ProgressReporter.NONE, cancel), j));
    } catch (IllegalStateException e) {
      return Future.succeededFuture(CallToolResult.error("The job was not started: " + e.getMessage() + "."));
    }
    ObjectNode answer = describe(job.snapshot());
    answer.put("next", "check_job_status or get_job_logs with this job_id; cancel_job to stop it");
    return Future.succeededFuture(CallToolResult.text(answer.toPrettyString()));
  }

  private Future<CallToolResult> status(ToolInvocation inv) {
    return withJob(inv, List.of(JOB_ID), job -> {
      ObjectNode answer = describe(job.snapshot());
      JobLog log = job.log();
      answer.put("stdout_chars", log.chars(JobLog.STDOUT)).put("stderr_chars", log.chars(JobLog.STDERR))
          .put("dropped_chars", log.dropped());
      if (job.result().isComplete() && job.result().succeeded()) {
        CallToolResult result = job.result().result();
        answer.put("result", result.text());
        long images = result.content().stream().filter(c -> !(c instanceof TextContent)).count();
        if (images > 0) {
          answer.put("result_images", images + " image(s), not shown here; a task's tasks/result carries them");
        }
      }
      return Future.succeededFuture(CallToolResult.text(answer.toPrettyString()));
    });
  }

  private Future<CallToolResult> logs(ToolInvocation inv) {
    return withJob(inv, List.of(JOB_ID, "offset", "limit", "stream"), job -> {
      ObjectNode args = inv.arguments();
      JsonNode offset = args.get("offset");
      JsonNode limit = args.get("limit");
      String stream = args.path("stream").asText("all");
      if (offset != null && !offset.isNull() && (!offset.isIntegralNumber() || offset.asLong() < 0)) {
        return invalid("'offset' must be a whole number from 0, got " + offset);
      }
      if (limit != null && !limit.isNull()
          && (!limit.isIntegralNumber() || limit.asLong() < 1 || limit.asLong() > maxPage)) {
        return invalid("'limit' must be a whole number from 1 to " + maxPage + ", got " + limit);
      }
      if (!List.of("all", JobLog.STDOUT, JobLog.STDERR).contains(stream)) {
        return invalid("'stream' must be all, stdout or stderr, got " + args.get("stream"));
      }
      JobLog.Page page = job.log().read(offset == null || offset.isNull() ? 0 : offset.asLong(),
          limit == null || limit.isNull() ? Math.min(maxPage, JobToolSchemas.DEFAULT_PAGE) : limit.asInt(),
          "all".equals(stream) ? null : stream);
      Job.Snapshot s = job.snapshot();
      ObjectNode answer = McpJson.object().put(JOB_ID, s.id()).put("status", s.state().wire())
          .put("stream", stream).put("offset", page.from()).put("next_offset", page.nextOffset())
          .put("total_chars", page.total());
      if (page.skipped() > 0) {
        answer.put("skipped_chars", page.skipped()).put("note", page.skipped() + " characters before offset "
            + page.from() + " were not kept (output beyond the budget of " + maxPage + " characters is cut in the"
            + " middle)");
      }
      answer.put("more", page.nextOffset() < page.total() || !s.state().isTerminal());
      answer.put("text", page.text());
      return Future.succeededFuture(CallToolResult.text(answer.toPrettyString()));
    });
  }

  private Future<CallToolResult> cancel(ToolInvocation inv) {
    return withJob(inv, List.of(JOB_ID), job -> {
      if (!jobs.cancel(job, "Cancelled by cancel_job.")) {
        return Future.succeededFuture(CallToolResult.error("Job " + job.id() + " has already ended ("
            + job.snapshot().state().wire() + "); there is nothing to cancel."));
      }
      // Wait, boundedly, for the interrupt to land, so the answer can say what happened to the kernel's state.
      Promise<CallToolResult> answer = Promise.promise();
      long timer = vertx.setTimer(CANCEL_WAIT.toMillis(), t -> answer.tryComplete(CallToolResult.text(
          describe(job.snapshot()).put("note", "the code has not stopped yet after " + CANCEL_WAIT.toSeconds()
              + " s; check_job_status shows the outcome").toPrettyString())));
      job.result().onComplete(done -> {
        vertx.cancelTimer(timer);
        answer.tryComplete(CallToolResult.text(describe(job.snapshot()).toPrettyString()));
      });
      return answer.future();
    });
  }

  private Future<CallToolResult> withJob(ToolInvocation inv, List<String> allowed,
      Function<Job, Future<CallToolResult>> action) {
    Optional<String> bad = JobToolSchemas.unknownArgument(inv.arguments(), allowed.toArray(String[]::new));
    if (bad.isPresent()) {
      return invalid(bad.get());
    }
    JsonNode id = inv.arguments().get(JOB_ID);
    if (id == null || !id.isTextual()) {
      return invalid("'job_id' is required and must be the string submit_job returned");
    }
    return jobs.find(inv.session(), id.asText()).map(action).orElseGet(() -> Future.succeededFuture(
        CallToolResult.error("No job " + id.asText() + " in this session: it never existed here, or it ended more"
            + " than " + JobToolSchemas.describe(jobs.settings().retention()) + " ago and was deleted.")));
  }

  private static ObjectNode describe(Job.Snapshot s) {
    ObjectNode node = McpJson.object().put(JOB_ID, s.id()).put("tool", s.tool()).put("status", s.state().wire())
        .put("message", s.message()).put("created_at", s.createdAt().toString());
    if (s.startedAt() != null) {
      node.put("started_at", s.startedAt().toString());
    }
    if (s.endedAt() != null) {
      node.put("ended_at", s.endedAt().toString());
    }
    return node.put("elapsed_seconds", Math.round(s.elapsed().toMillis() / 100.0) / 10.0)
        .put("output_chars", s.outputChars());
  }

  private static Future<CallToolResult> invalid(String problem) {
    return Future.succeededFuture(CallToolResult.error("Invalid arguments: " + problem + ". Nothing was done."));
  }


  static ToolAnnotations hints(String title, boolean readOnly) {
    return new ToolAnnotations(title, readOnly, !readOnly, readOnly, false);
  }
}
