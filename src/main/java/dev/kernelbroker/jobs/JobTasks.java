package dev.kernelbroker.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.TaskInfo;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ProgressReporter;
import dev.kernelbroker.mcp.server.TaskRunner;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * MCP Tasks as jobs: a task-augmented tools/call becomes a job of the calling session, so tasks/list shows its
 * submit_job jobs too, and get_job_logs can tail a task.
 */
public final class JobTasks implements TaskRunner {
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final JobRegistry jobs;

  public JobTasks(JobRegistry jobs) {
    this.jobs = jobs;
  }

  @Override
  public TaskInfo start(McpSession session, McpTool tool, ObjectNode arguments, Optional<Duration> ttl,
      Consumer<TaskInfo> onChange) {
    Job job = jobs.submit(session, tool.definition().name(), ttl, s -> onChange.accept(info(s)), (j, cancel) -> {
      // The tools/call is answered already: a progress token would name a finished request.
      ToolInvocation invocation = new ToolInvocation(session, arguments, ProgressReporter.NONE, cancel);
      return tool instanceof StreamingTool streaming ? streaming.call(invocation, j) : tool.call(invocation);
    });
    return info(job.snapshot());
  }

  @Override
  public Optional<TaskInfo> find(McpSession session, String taskId) {
    return jobs.find(session, taskId).map(j -> info(j.snapshot()));
  }

  @Override
  public Optional<Future<CallToolResult>> result(McpSession session, String taskId) {
    return jobs.find(session, taskId).map(Job::result);
  }

  @Override
  public List<TaskInfo> list(McpSession session) {
    return jobs.list(session).stream().map(j -> info(j.snapshot())).toList();
  }

  @Override
  public Optional<TaskInfo> cancel(McpSession session, String taskId) {
    Optional<Job> job = jobs.find(session, taskId);
    job.ifPresent(j -> {
      if (!jobs.cancel(j, "Cancelled by tasks/cancel.")) {
        throw new IllegalStateException("task " + taskId + " has already ended ("
            + j.snapshot().state().wire() + "); only a working task can be cancelled");
      }
    });
    return job.map(j -> info(j.snapshot()));
  }

  static TaskInfo info(Job.Snapshot s) {
    TaskInfo.Status status = switch (s.state()) {
      case QUEUED, RUNNING -> TaskInfo.Status.WORKING;
      case COMPLETED -> TaskInfo.Status.COMPLETED;
      case FAILED -> TaskInfo.Status.FAILED;
      case CANCELLED -> TaskInfo.Status.CANCELLED;
    };
    return new TaskInfo(s.id(), status, s.message(), s.createdAt(), s.lastUpdatedAt(), s.ttl(),
        status.isTerminal() ? null : POLL_INTERVAL);
  }
}
