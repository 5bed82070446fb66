package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

public record TextContent(String text) implements Content {
  public TextContent {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public ObjectNode toJson() {
    return McpJson.object().put("type", "text").put("text", text);
  }
}
