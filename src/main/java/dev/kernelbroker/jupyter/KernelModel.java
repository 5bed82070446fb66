package dev.kernelbroker.jupyter;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A kernel as Jupyter Server's REST API describes it. */
public record KernelModel(String id, String name, String executionState, String lastActivity, int connections) {

  public KernelModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    executionState = executionState == null ? "" : executionState;
    lastActivity = lastActivity == null ? "" : lastActivity;
  }

  static KernelModel fromJson(JsonObject json) {
    return new KernelModel(json.getString("id"), json.getString("name"), json.getString("execution_state"),
        json.getString("last_activity"), json.getInteger("connections", 0));
  }

  public boolean isDead() {
    return KernelState.DEAD.wire().equals(executionState);
  }
}
