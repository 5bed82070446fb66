package dev.kernelbroker.mcp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fields newer revisions added go only to sessions that negotiated them. */
class VersionedFieldsTest {
  @Test
  void structuredContentFrom20250618On() {
    CallToolResult result = new CallToolResult(List.of(new TextContent("{\"a\":1}")), false,
        McpJson.object().put("a", 1));
    assertFalse(result.toJson(ProtocolVersion.V2025_03_26).has("structuredContent"));
    assertEquals(1, result.toJson(ProtocolVersion.V2025_06_18).at("/structuredContent/a").asInt());
    assertEquals("{\"a\":1}", result.text());
  }

  @Test
  void taskSupportOnlyFor20251125() {
    ToolDefinition tool = new ToolDefinition("t", "a tool", ToolDefinition.noArguments(), null, TaskSupport.OPTIONAL);
    assertFalse(tool.toJson(ProtocolVersion.V2025_06_18).has("execution"));
    assertEquals("optional", tool.toJson(ProtocolVersion.V2025_11_25).at("/execution/taskSupport").asText());
    assertTrue(new ToolDefinition("u", "another", ToolDefinition.noArguments(), null)
        .toJson(ProtocolVersion.V2025_11_25).path("execution").isMissingNode(), "forbidden is left off");
  }
}
