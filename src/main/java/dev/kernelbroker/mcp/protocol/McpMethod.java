package dev.kernelbroker.mcp.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** MCP method names this layer speaks, both directions. Dispatch switches over these. */
public enum McpMethod {
  INITIALIZE("initialize"),
  INITIALIZED("notifications/initialized"),
  PING("ping"),
  TOOLS_LIST("tools/list"),
  TOOLS_CALL("tools/call"),
  CANCELLED("notifications/cancelled"),
  LOGGING_SET_LEVEL("logging/setLevel"),
  PROGRESS("notifications/progress"),
  LOG_MESSAGE("notifications/message"),
  TOOLS_LIST_CHANGED("notifications/tools/list_changed"),
  TASKS_GET("tasks/get"),
  TASKS_RESULT("tasks/result"),
  TASKS_LIST("tasks/list"),
  TASKS_CANCEL("tasks/cancel"),
  TASK_STATUS("notifications/tasks/status"),
  RESOURCES_LIST("resources/list"),
  RESOURCES_READ("resources/read"),
  RESOURCES_TEMPLATES_LIST("resources/templates/list"),
  RESOURCES_LIST_CHANGED("notifications/resources/list_changed");

  private static final Map<String, McpMethod> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(McpMethod::wire, Function.identity()));

  private final String wire;

  McpMethod(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<McpMethod> fromWire(String name) {
    return Optional.ofNullable(BY_WIRE.get(name));
  }
}
