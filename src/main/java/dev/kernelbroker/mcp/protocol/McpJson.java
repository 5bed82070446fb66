package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the MCP layer: thread-safe once configured, so shared. */
public final class McpJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private McpJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
