package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What tools/list advertises for one tool. {@code taskSupport} is sent only to sessions that speak tasks
 * (2025-11-25); FORBIDDEN, the default, is left off the wire.
 */
public record ToolDefinition(
    String name, String description, ObjectNode inputSchema, ToolAnnotations annotations, TaskSupport taskSupport) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must match " + NAME + ": " + name);
    }
    // The conformance suite and models both need a description to use a tool well.
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("tool " + name + " needs a description");
    }
    Objects.requireNonNull(inputSchema, "inputSchema");
    if (!"object".equals(inputSchema.path("type").asText())) {
      throw new IllegalArgumentException("inputSchema of " + name + " must have type \"object\"");
    }
    inputSchema = inputSchema.deepCopy();
    annotations = annotations == null ? ToolAnnotations.NONE : annotations;
    taskSupport = taskSupport == null ? TaskSupport.FORBIDDEN : taskSupport;
  }

  public ToolDefinition(String name, String description, ObjectNode inputSchema, ToolAnnotations annotations) {
    this(name, description, inputSchema, annotations, TaskSupport.FORBIDDEN);
  }

  /** The schema of a tool that takes no arguments. */
  public static ObjectNode noArguments() {
    return McpJson.object().put("type", "object").put("additionalProperties", false);
  }

  @Override
  public ObjectNode inputSchema() {
    return inputSchema.deepCopy();
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("name", name).put("description", description);
    node.set("inputSchema", inputSchema.deepCopy());
    ObjectNode hints = annotations.toJson();
    if (!hints.isEmpty()) {
      node.set("annotations", hints);
    }
    return node;
  }

  /** As {@link #toJson()}, with {@code execution} for a session that negotiated tasks. */
  public ObjectNode toJson(ProtocolVersion version) {
    ObjectNode node = toJson();
    if (taskSupport != TaskSupport.FORBIDDEN && version.compareTo(ProtocolVersion.V2025_11_25) >= 0) {
      node.putObject("execution").put("taskSupport", taskSupport.wire());
    }
    return node;
  }
}
