package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer of tools/call. isError=true is how a tool reports its own failure (bad code, timeout,
 * invalid argument values) so the model can read it and correct itself.
 */
public record CallToolResult(List<Content> content, boolean isError) {
  public CallToolResult {
    content = List.copyOf(content);
  }

  public static CallToolResult text(String text) {
    return new CallToolResult(List.of(new TextContent(text)), false);
  }

  public static CallToolResult error(String message) {
    return new CallToolResult(List.of(new TextContent(message)), true);
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object();
    ArrayNode blocks = node.putArray("content");
    content.forEach(block -> blocks.add(block.toJson()));
    if (isError) {
      node.put("isError", true);
    }
    return node;
  }
}
