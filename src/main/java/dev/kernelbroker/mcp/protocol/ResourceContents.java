package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Objects;

/** What resources/read returns for one URI, and what an embedded resource carries: text, or base64 bytes. */
public sealed interface ResourceContents {
  String uri();

  String mimeType();

  ObjectNode toJson();

  record Text(String uri, String mimeType, String text) implements ResourceContents {
    public Text {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(text, "text");
    }

    @Override
    public ObjectNode toJson() {
      return base(uri, mimeType).put("text", text);
    }
  }

  record Blob(String uri, String mimeType, String blob) implements ResourceContents {
    public Blob {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(blob, "blob");
    }

    public static Blob of(String uri, String mimeType, byte[] bytes) {
      return new Blob(uri, mimeType, Base64.getEncoder().encodeToString(bytes));
    }

    @Override
    public ObjectNode toJson() {
      return base(uri, mimeType).put("blob", blob);
    }
  }

  private static ObjectNode base(String uri, String mimeType) {
    ObjectNode node = McpJson.object().put("uri", uri);
    if (mimeType != null) {
      node.put("mimeType", mimeType);
    }
    return node;
  }
}
