package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of tools/call. isError=true is how a tool reports its own failure (bad code, timeout,
 * invalid argument values) so the model can read it and correct itself. {@code meta} is the result's
 * {@code _meta}: keys prefixed with a reverse domain name, for clients rather than the model.
 */
public record CallToolResult(List<Content> content, boolean isError, Map<String, JsonNode> meta) {
  public CallToolResult {
    content = List.copyOf(content);
    meta = Map.copyOf(meta);
  }

  public CallToolResult(List<Content> content, boolean isError) {
    this(content, isError, Map.of());
  }

  public static CallToolResult text(String text) {
    return new CallToolResult(List.of(new TextContent(text)), false);
  }

  public static CallToolResult error(String message) {
    return new CallToolResult(List.of(new TextContent(message)), true);
  }

  /** This result with one more {@code _meta} entry. */
  public CallToolResult withMeta(String key, JsonNode value) {
    Map<String, JsonNode> more = new LinkedHashMap<>(meta);
    more.put(key, value);
    return new CallToolResult(content, isError, more);
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object();
    ArrayNode blocks = node.putArray("content");
    content.forEach(block -> blocks.add(block.toJson()));
    if (isError) {
      node.put("isError", true);
    }
    if (!meta.isEmpty()) {
      ObjectNode m = node.putObject("_meta");
      meta.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.set(e.getKey(), e.getValue()));
    }
    return node;
  }
}
