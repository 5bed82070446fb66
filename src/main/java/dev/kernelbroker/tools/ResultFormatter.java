package dev.kernelbroker.tools;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.Content;
import dev.kernelbroker.mcp.protocol.ImageContent;
import dev.kernelbroker.mcp.protocol.TextContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an execution into a tool result: one text item with every output in order (stderr, tracebacks and
 * broker notices marked), then one image item per PNG or JPEG. Anything but a clean run is {@code isError}.
 */
final class ResultFormatter {
  private static final List<String> IMAGE_TYPES = List.of("image/png", "image/jpeg");
  private static final List<String> TEXT_TYPES = List.of("text/plain", "text/markdown", "application/json",
      "text/html");

  private ResultFormatter() {}

  static CallToolResult format(ExecutionResult result) {
    StringBuilder text = new StringBuilder();
    List<Content> images = new ArrayList<>();
    for (Output output : result.outputs()) {
      if (output instanceof Output.StreamOutput s) {
        if (Output.StreamOutput.STDERR.equals(s.name())) {
          block(text, "[stderr]\n" + s.text());
        } else {
          text.append(s.text());
        }
      } else if (output instanceof Output.RichOutput r) {
        rich(text, images, r);
      } else if (output instanceof Output.ErrorOutput e) {
        // A traceback ends with "ename: evalue" already; Bash errors have no more than that line.
        block(text, e.traceback().isEmpty()
            ? "[error] " + e.ename() + ": " + e.evalue()
            : "[error]\n" + String.join("\n", e.traceback()));
      } else if (output instanceof Output.NoticeOutput n) {
        block(text, "[kernel-broker] " + n.text());
      }
    }
    boolean ok = result.status() == ExecutionStatus.OK;
    if (!ok) {
      block(text, "[status: " + result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "] "
          + result.summary());
    } else if (text.isEmpty() && images.isEmpty()) {
      text.append("(no output)");
    }
    List<Content> content = new ArrayList<>();
    content.add(new TextContent(text.toString()));
    content.addAll(images);
    return new CallToolResult(content, !ok);
  }

  private static void rich(StringBuilder text, List<Content> images, Output.RichOutput r) {
    Map<String, String> data = r.data();
    String image = IMAGE_TYPES.stream().filter(data::containsKey).findFirst().orElse(null);
    if (image != null) {
      images.add(new ImageContent(data.get(image).replaceAll("\\s", ""), image));
      block(text, "[image " + images.size() + ": " + image + ", attached below]");
      return;
    }
    String shown = TEXT_TYPES.stream().filter(data::containsKey).findFirst().orElse(null);
    String prefix = r.kind() == Output.RichOutput.Kind.RESULT && r.executionCount() != null
        ? "Out[" + r.executionCount() + "]: " : "";
    if (shown != null) {
      block(text, prefix + data.get(shown));
    } else if (!data.isEmpty()) {
      block(text, prefix + "[" + String.join(", ", data.keySet()) + " output, not shown as text]");
    }
  }

  /** Starts a marked block on a line of its own, so it never runs into preceding stdout. */
  private static void block(StringBuilder text, String content) {
    if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
    text.append(content);
    if (!content.endsWith("\n")) {
      text.append('\n');
    }
  }
}
