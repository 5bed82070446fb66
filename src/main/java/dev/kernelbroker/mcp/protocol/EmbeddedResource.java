package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A tool result item carrying a resource's content itself (every protocol version we serve). */
public record EmbeddedResource(ResourceContents resource) implements Content {
  public EmbeddedResource {
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("type", "resource");
    node.set("resource", resource.toJson());
    return node;
  }
}
