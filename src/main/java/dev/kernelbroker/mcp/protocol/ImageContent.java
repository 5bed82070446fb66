package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Objects;

/** An image as base64 data; validated here so a bad plot never reaches a client. */
public record ImageContent(String data, String mimeType) implements Content {
  public ImageContent {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(mimeType, "mimeType");
    if (!mimeType.startsWith("image/")) {
      throw new IllegalArgumentException("mimeType must be an image type: " + mimeType);
    }
    try {
      Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image data is not valid base64", e);
    }
  }

  public static ImageContent of(byte[] bytes, String mimeType) {
    return new ImageContent(Base64.getEncoder().encodeToString(bytes), mimeType);
  }

  @Override
  public ObjectNode toJson() {
    return McpJson.object().put("type", "image").put("data", data).put("mimeType", mimeType);
  }
}
