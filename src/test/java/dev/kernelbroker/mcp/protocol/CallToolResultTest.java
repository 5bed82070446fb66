package dev.kernelbroker.mcp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Resource links reach only sessions whose protocol has them; older ones get a text line. */
class CallToolResultTest {
  private final CallToolResult result = new CallToolResult(List.of(new TextContent("done"),
      new ResourceLink(new Resource("file:///workspace/a.png", "a.png", null, "image/png", 12L))), false);

  @Test
  void newerSessionsGetTheLink() {
    assertSame(result, result.forVersion(ProtocolVersion.V2025_06_18));
    assertEquals("resource_link", result.toJson().path("content").get(1).path("type").asText());
    assertEquals(12, result.toJson().path("content").get(1).path("size").asInt());
  }

  @Test
  void olderSessionsGetTextInstead() {
    for (ProtocolVersion old : List.of(ProtocolVersion.V2024_11_05, ProtocolVersion.V2025_03_26)) {
      var json = result.forVersion(old).toJson().path("content");
      assertEquals(2, json.size());
      assertEquals("text", json.get(1).path("type").asText());
      assertEquals("Files: file:///workspace/a.png (image/png, 12 bytes)", json.get(1).path("text").asText());
    }
  }
}
