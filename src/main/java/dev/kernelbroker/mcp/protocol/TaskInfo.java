package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** The state of one task as tasks/get, tasks/list, tasks/cancel and notifications/tasks/status show it. */
public record TaskInfo(String taskId, Status status, String statusMessage, Instant createdAt, Instant lastUpdatedAt,
    Duration ttl, Duration pollInterval) {

  /** Task statuses (2025-11-25); the last three are terminal and never change. */
  public enum Status {
    WORKING, INPUT_REQUIRED, COMPLETED, FAILED, CANCELLED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  public TaskInfo {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("taskId", taskId).put("status", status.wire());
    if (statusMessage != null) {
      node.put("statusMessage", statusMessage);
    }
    node.put("createdAt", createdAt.toString()).put("lastUpdatedAt", lastUpdatedAt.toString());
    if (ttl == null) {
      node.putNull("ttl");
    } else {
      node.put("ttl", ttl.toMillis());
    }
    if (pollInterval != null) {
      node.put("pollInterval", pollInterval.toMillis());
    }
    return node;
  }
}
