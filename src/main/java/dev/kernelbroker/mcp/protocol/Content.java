package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A content block of a tool result. */
public sealed interface Content permits TextContent, ImageContent, ResourceLink, EmbeddedResource {
  ObjectNode toJson();
}
