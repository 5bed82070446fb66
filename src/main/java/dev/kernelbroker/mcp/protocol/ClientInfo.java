package dev.kernelbroker.mcp.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The clientInfo of initialize. Clients are lax here, so missing fields read as "unknown". */
public record ClientInfo(String name, String version) {
  public static final ClientInfo UNKNOWN = new ClientInfo("unknown", "unknown");

  public ClientInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  public static ClientInfo fromJson(JsonNode node) {
    return new ClientInfo(node.path("name").asText("unknown"), node.path("version").asText("unknown"));
  }
}
