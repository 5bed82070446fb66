package dev.kernelbroker.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ImageContent;
import dev.kernelbroker.mcp.protocol.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFormatterTest {
  private static ExecutionResult result(ExecutionStatus status, String summary, Output... outputs) {
    return new ExecutionResult(List.of(outputs), status, true, 1, Duration.ofMillis(5), summary);
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void keepsOutputsInOrderAndMarksStderrAndTheFinalValue() {
    CallToolResult r = ResultFormatter.format(result(ExecutionStatus.OK, "ok",
        new Output.StreamOutput("stdout", "one"),
        new Output.StreamOutput("stderr", "careful\n"),
        new Output.StreamOutput("stdout", "two\n"),
        new Output.RichOutput(Output.RichOutput.Kind.RESULT, Map.of("text/plain", "42"), 3)));
    assertFalse(r.isError());
    assertEquals("one\n[stderr]\ncareful\ntwo\nOut[3]: 42\n", text(r));
  }

  @Test
  void imagesFollowTheTextAsImageItems() {
    CallToolResult r = ResultFormatter.format(result(ExecutionStatus.OK, "ok",
        new Output.RichOutput(Output.RichOutput.Kind.DISPLAY, Map.of("image/png", "iVBORw0KGgo=\n",
            "text/plain", "<Figure>"), null)));
    assertEquals("[image 1: image/png, attached below]\n", text(r));
    ImageContent image = (ImageContent) r.content().get(1);
    assertEquals("image/png", image.mimeType());
    assertEquals("iVBORw0KGgo=", image.data());
  }

  @Test
  void anythingButACleanRunIsAnErrorThatSaysWhatHappened() {
    CallToolResult r = ResultFormatter.format(result(ExecutionStatus.TIMEOUT,
        "Timed out after 2 s; the kernel was interrupted and its state was kept.",
        new Output.StreamOutput("stdout", "working"),
        new Output.ErrorOutput("KeyboardInterrupt", "", List.of("KeyboardInterrupt: "))));
    assertTrue(r.isError());
    assertEquals("working\n[error]\nKeyboardInterrupt: \n[status: timeout] Timed out after 2 s; the kernel was"
        + " interrupted and its state was kept.\n", text(r));
  }

  @Test
  void silenceIsSaidAsSuch() {
    assertEquals("(no output)", text(ResultFormatter.format(result(ExecutionStatus.OK, "ok"))));
  }
}
