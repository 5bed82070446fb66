package dev.kernelbroker.mcp;

import static dev.kernelbroker.mcp.McpClientInteropTest.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The TypeScript client launching the test tools as a stdio server, as Claude Desktop would. */
class StdioInteropTest {
  @Test
  void servesAWholeConversationOverStdio() throws Exception {
    try (NodeMcpClient client = NodeMcpClient.stdio()) {
      assertEquals("kernel-broker-test", client.connectedInfo().path("serverInfo").path("name").asText());
      assertEquals(6, client.listTools().path("tools").size());
      client.ping();

      CallOutcome echo = client.callTool("echo", args("text", "over stdio"));
      assertTrue(echo.text().endsWith(":over stdio"), echo.toString());

      CallOutcome slow = client.callToolAsync("slow", args("seconds", 1), true, null).get(20, TimeUnit.SECONDS);
      assertTrue(slow.ok(), slow.toString());
      assertTrue(slow.progress().size() >= 2, slow.toString());

      CallOutcome cancelled = client.callToolAsync("slow", args("seconds", 20), true, 500L)
          .get(20, TimeUnit.SECONDS);
      assertFalse(cancelled.ok());
      String stats = "";
      for (int i = 0; i < 50 && !stats.equals("cancellations=1"); i++) {
        stats = client.callTool("stats", McpJson.object()).text();
        Thread.sleep(50);
      }
      assertEquals("cancellations=1", stats, "the cancellation reached the tool in the server process");
    }
  }
}
