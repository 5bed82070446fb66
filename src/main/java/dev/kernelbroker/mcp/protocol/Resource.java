package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One entry of resources/list, and what a {@code resource_link} points at. Null fields stay off the wire. */
public record Resource(String uri, String name, String description, String mimeType, Long size) {
  public Resource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("uri", uri).put("name", name);
    if (description != null) {
      node.put("description", description);
    }
    if (mimeType != null) {
      node.put("mimeType", mimeType);
    }
    if (size != null) {
      node.put("size", size);
    }
    return node;
  }
}
