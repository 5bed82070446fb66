package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Behaviour hints for clients; null means "not stated" and is left off the wire. */
public record ToolAnnotations(
    String title,
    Boolean readOnlyHint,
    Boolean destructiveHint,
    Boolean idempotentHint,
    Boolean openWorldHint) {

  public static final ToolAnnotations NONE = new ToolAnnotations(null, null, null, null, null);

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object();
    if (title != null) {
      node.put("title", title);
    }
    putIfSet(node, "readOnlyHint", readOnlyHint);
    putIfSet(node, "destructiveHint", destructiveHint);
    putIfSet(node, "idempotentHint", idempotentHint);
    putIfSet(node, "openWorldHint", openWorldHint);
    return node;
  }

  private static void putIfSet(ObjectNode node, String field, Boolean value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
