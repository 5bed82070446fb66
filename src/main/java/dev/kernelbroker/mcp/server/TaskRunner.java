package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.TaskInfo;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs task-augmented tools/call requests (MCP 2025-11-25) beyond the request that started them. Tasks belong to
 * the session that created them: every lookup with another session finds nothing.
 */
public interface TaskRunner {
  /**
   * Starts {@code tool} with {@code arguments} as a task and returns its first state at once.
   *
   * @param ttl what the client asked for, if it did; the runner may keep the task for less
   * @param onChange receives the task's new state on every status change, from any thread
   * @throws IllegalStateException when the session may start no more tasks (the message says why)
   */
  TaskInfo start(McpSession session, McpTool tool, ObjectNode arguments, Optional<Duration> ttl,
      Consumer<TaskInfo> onChange);

  Optional<TaskInfo> find(McpSession session, String taskId);

  /** The tool's result once the task is terminal (a cancelled task's says so); empty if there is no such task. */
  Optional<Future<CallToolResult>> result(McpSession session, String taskId);

  /** The session's tasks, oldest first. */
  List<TaskInfo> list(McpSession session);

  /**
   * Cancels the task and returns its cancelled state; empty if there is no such task.
   *
   * @throws IllegalStateException when the task is already terminal
   */
  Optional<TaskInfo> cancel(McpSession session, String taskId);
}
