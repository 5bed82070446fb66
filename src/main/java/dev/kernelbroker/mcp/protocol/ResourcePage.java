package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of resources/list; {@code nextCursor} is null on the last page. */
public record ResourcePage(List<Resource> resources, String nextCursor) {
  public ResourcePage {
    resources = List.copyOf(resources);
  }

  public ObjectNode toJson() {
    ObjectNode node = McpJson.object();
    ArrayNode list = node.putArray("resources");
    resources.forEach(r -> list.add(r.toJson()));
    if (nextCursor != null) {
      node.put("nextCursor", nextCursor);
    }
    return node;
  }
}
