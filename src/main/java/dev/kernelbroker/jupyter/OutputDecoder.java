package dev.kernelbroker.jupyter;

import dev.kernelbroker.jupyter.Output.ErrorOutput;
import dev.kernelbroker.jupyter.Output.NoticeOutput;
import dev.kernelbroker.jupyter.Output.RichOutput;
import dev.kernelbroker.jupyter.Output.StreamOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns iopub output messages into {@link Output}s, dropping what the result must not carry. */
final class OutputDecoder {
  static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");
  static final Set<String> KEPT_TYPES = Set.of("text/plain", "image/png", "image/jpeg", "image/svg+xml",
      "text/html", "text/markdown", "application/json");
  // CSI sequences (colours, cursor moves) and OSC sequences (titles, links) as IPython emits them.
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?");

  private final int maxImageBytes;

  OutputDecoder(OutputLimits limits) {
    this.maxImageBytes = limits.maxImageBytes();
  }

  /** The outputs a message carries; empty for messages that are not outputs. */
  List<Output> decode(JupyterMessage msg) {
    JsonObject c = msg.content();
    return switch (msg.type()) {
      case STREAM -> List.of(new StreamOutput(
          StreamOutput.STDERR.equals(c.getString(Wire.NAME)) ? StreamOutput.STDERR : StreamOutput.STDOUT,
          text(c.getValue(Wire.TEXT))));
      case DISPLAY_DATA -> rich(RichOutput.Kind.DISPLAY, c);
      case EXECUTE_RESULT -> rich(RichOutput.Kind.RESULT, c);
      case ERROR -> List.of(new ErrorOutput(c.getString(Wire.ENAME), stripAnsi(c.getString(Wire.EVALUE, "")),
          traceback(c.getJsonArray(Wire.TRACEBACK, new JsonArray()))));
      default -> List.of();
    };
  }

  static String stripAnsi(String s) {
    return ANSI.matcher(s).replaceAll("");
  }

  private List<Output> rich(RichOutput.Kind kind, JsonObject content) {
    JsonObject data = content.getJsonObject(Wire.DATA, new JsonObject());
    Map<String, String> kept = new LinkedHashMap<>();
    List<Output> out = new ArrayList<>(2);
    for (String mime : data.fieldNames()) {
      if (!KEPT_TYPES.contains(mime)) {
        continue;
      }
      Object value = data.getValue(mime);
      String text = "application/json".equals(mime) && !(value instanceof String) ? encodeJson(value) : text(value);
      if (IMAGE_TYPES.contains(mime)) {
        text = text.replaceAll("\\s", "");
        long bytes = decodedSize(text);
        if (bytes > maxImageBytes) {
          out.add(new NoticeOutput("An image (" + mime + ", " + bytes + " bytes) was omitted: it is larger than the "
              + maxImageBytes + "-byte limit."));
          continue;
        }
      }
      kept.put(mime, text);
    }
    if (!kept.isEmpty()) {
      Integer count = content.getInteger(Wire.EXECUTION_COUNT);
      out.add(0, new RichOutput(kind, kept, kind == RichOutput.Kind.RESULT ? count : null));
    }
    return out;
  }

  private static long decodedSize(String base64) {
    int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
    return (long) base64.length() / 4 * 3 - padding;
  }

  private static List<String> traceback(JsonArray lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (Object line : lines) {
      out.add(stripAnsi(String.valueOf(line)));
    }
    return out;
  }

  private static String encodeJson(Object value) {
    if (value instanceof JsonObject o) {
      return o.encode();
    }
    if (value instanceof JsonArray a) {
      return a.encode();
    }
    return String.valueOf(value);
  }

  /** nbformat allows multi-line strings as arrays of lines. */
  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof JsonArray lines) {
      StringBuilder sb = new StringBuilder();
      lines.forEach(sb::append);
      return sb.toString();
    }
    return value.toString();
  }
}
