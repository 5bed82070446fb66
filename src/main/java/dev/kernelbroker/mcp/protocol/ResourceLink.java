package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A tool result item that points at a resource (MCP 2025-06-18 and later). Older sessions get {@link #asText()}
 * instead: their clients may reject content types they do not know.
 */
public record ResourceLink(Resource resource) implements Content {
  public ResourceLink {
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("type", "resource_link");
    node.setAll(resource.toJson());
    return node;
  }

  /** One line naming the resource, for sessions of a protocol version without links. */
  public String asText() {
    return resource.uri() + (resource.mimeType() == null ? "" : " (" + resource.mimeType()
        + (resource.size() == null ? "" : ", " + resource.size() + " bytes") + ")");
  }
}
