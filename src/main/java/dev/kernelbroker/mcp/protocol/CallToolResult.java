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
public record CallToolResult(List<Content> content, boolean isError, ObjectNode structuredContent,
    Map<String, JsonNode> meta) {
  public CallToolResult {
    content = List.copyOf(content);
    structuredContent = structuredContent == null ? null : structuredContent.deepCopy();
    meta = Map.copyOf(meta);
  }

  public CallToolResult(List<Content> content, boolean isError, ObjectNode structuredContent) {
    this(content, isError, structuredContent, Map.of());
  }

  public CallToolResult(List<Content> content, boolean isError) {
    this(content, isError, null, Map.of());
  }

  public static CallToolResult text(String text) {
    return new CallToolResult(List.of(new TextContent(text)), false);
  }

  public static CallToolResult error(String message) {
    return new CallToolResult(List.of(new TextContent(message)), true);
  }

  /**
   * This result as a session of {@code version} may receive it: before 2025-06-18 its resource links become one text
   * item naming the files, since strict older clients reject content types they do not know.
   */
  public CallToolResult forVersion(ProtocolVersion version) {
    if (version == null || version.hasResourceLinks()
        || content.stream().noneMatch(ResourceLink.class::isInstance)) {
      return this;
    }
    List<Content> kept = new java.util.ArrayList<>();
    List<String> links = new java.util.ArrayList<>();
    for (Content c : content) {
      if (c instanceof ResourceLink link) {
        links.add(link.asText());
      } else {
        kept.add(c);
      }
    }
    kept.add(new TextContent("Files: " + String.join("; ", links)));
    return new CallToolResult(kept, isError, structuredContent, meta);
  }

  /** This result with one more {@code _meta} entry. */
  public CallToolResult withMeta(String key, JsonNode value) {
    Map<String, JsonNode> more = new LinkedHashMap<>(meta);
    more.put(key, value);
    return new CallToolResult(content, isError, structuredContent, more);
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object();
    ArrayNode blocks = node.putArray("content");
    content.forEach(block -> blocks.add(block.toJson()));
    if (isError) {
      node.put("isError", true);
    }
    if (structuredContent != null) {
      node.set("structuredContent", structuredContent.deepCopy());
    }
    if (!meta.isEmpty()) {
      ObjectNode m = node.putObject("_meta");
      meta.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.set(e.getKey(), e.getValue()));
    }
    return node;
  }

  /**
   * As a session of {@code version} may receive it ({@link #forVersion}); structuredContent only for 2025-06-18 on,
   * as older strict clients reject it.
   */
  public ObjectNode toJson(ProtocolVersion version) {
    ObjectNode node = forVersion(version).toJson();
    if (version.compareTo(ProtocolVersion.V2025_06_18) < 0) {
      node.remove("structuredContent");
    }
    return node;
  }

  /** The first text item, or empty when there is none. */
  public String text() {
    return content.stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
        .findFirst().orElse("");
  }
}
