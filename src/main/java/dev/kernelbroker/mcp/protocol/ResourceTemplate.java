package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One entry of resources/templates/list: an RFC 6570 URI template. */
public record ResourceTemplate(String uriTemplate, String name, String description, String mimeType) {
  public ResourceTemplate {
    Objects.requireNonNull(uriTemplate, "uriTemplate");
    Objects.requireNonNull(name, "name");
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object().put("uriTemplate", uriTemplate).put("name", name);
    if (description != null) {
      node.put("description", description);
    }
    if (mimeType != null) {
      node.put("mimeType", mimeType);
    }
    return node;
  }
}
