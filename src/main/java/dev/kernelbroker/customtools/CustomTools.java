package dev.kernelbroker.customtools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tools defined from the source of one Python function. Both parsing and calling run in the session's own Python
 * kernel, inside its sandbox: the source is untrusted and never runs (or is even parsed) on the host. Each is one
 * broker-internal execution whose answer is a single JSON line behind a random marker, so nothing the function
 * prints can pose as the answer. This is the plain service the MCP tools (and a REST face) call.
 */
public final class CustomTools {
  static final int MAX_SOURCE_CHARS = 100_000;
  /** How long parsing a source may take in the kernel (it runs no user code, only Python's ast). */
  public static final Duration PARSE_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HELPER = readHelper();

  private final Duration parseTimeout;
  private final Duration callTimeout;

  public CustomTools(Duration parseTimeout, Duration callTimeout) {
    this.parseTimeout = parseTimeout;
    this.callTimeout = callTimeout;
  }

  /** Validates the source and derives the tool; fails with a message that says what is wrong with the source. */
  public Future<CustomToolSpec> parse(KernelSession session, String source) {
    if (source == null || source.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("the source is empty"));
    }
    if (source.length() > MAX_SOURCE_CHARS) {
      return Future.failedFuture(new IllegalArgumentException("the source has " + source.length()
          + " characters; at most " + MAX_SOURCE_CHARS + " are allowed"));
    }
    ObjectNode request = McpJson.object().put("source", source);
    return run(session, "parse", request, parseTimeout, cancel -> { }).compose(answer -> {
      if (!answer.path("ok").asBoolean()) {
        return Future.failedFuture(new IllegalArgumentException(answer.path("error").asText("it was refused")));
      }
      return Future.succeededFuture(new CustomToolSpec(answer.path("name").asText(),
          answer.path("description").asText(), (ObjectNode) answer.get("inputSchema"), source));
    });
  }

  /** Problems of {@code arguments} against the tool's schema, or empty when they fit. */
  public Optional<String> checkArguments(CustomToolSpec spec, ObjectNode arguments) {
    return SchemaCheck.problem(spec.inputSchema(), arguments, "");
  }

  /** Calls the function with the arguments (checked against its schema first) in the session's Python kernel. */
  public Future<CustomToolOutcome> execute(KernelSession session, CustomToolSpec spec, ObjectNode arguments) {
    return execute(session, spec, arguments, cancel -> { });
  }

  /** As above; {@code onCancel} receives the action that interrupts the call (as for any code call). */
  public Future<CustomToolOutcome> execute(KernelSession session, CustomToolSpec spec, ObjectNode arguments,
      Consumer<Runnable> onCancel) {
    Optional<String> problem = checkArguments(spec, arguments);
    if (problem.isPresent()) {
      return Future.succeededFuture(CustomToolOutcome.failed("invalid arguments: " + problem.get()
          + "; nothing was run", "", ""));
    }
    ObjectNode request = McpJson.object().put("source", spec.source()).put("name", spec.name());
    request.set("arguments", arguments);
    return run(session, "call", request, callTimeout, onCancel).map(answer -> answer.path("ok").asBoolean()
        ? new CustomToolOutcome(true, answer.get("value"), null, answer.path("stdout").asText(""), "")
        : CustomToolOutcome.failed(answer.path("error").asText("the call failed"), answer.path("stdout").asText(""),
            answer.path("traceback").asText("")))
        .recover(e -> Future.succeededFuture(CustomToolOutcome.failed(e.getMessage(), "", "")));
  }

  private Future<JsonNode> run(KernelSession session, String action, ObjectNode request, Duration timeout,
      Consumer<Runnable> onCancel) {
    String nonce = "@@kb-" + HexFormat.of().formatHex(bytes(12)) + ":";
    String payload = Base64.getEncoder().encodeToString(request.toString().getBytes(StandardCharsets.UTF_8));
    String code = HELPER + "\ntry:\n    __kb_tool(" + quote(action) + ", " + quote(payload) + ", " + quote(nonce)
        + ")\nfinally:\n    del __kb_tool\n";
    return session.execute(Language.PYTHON, new ExecuteRequest(code, timeout), onCancel)
        .compose(result -> answer(result, nonce));
  }

  private static Future<JsonNode> answer(ExecutionResult result, String nonce) {
    StringBuilder stdout = new StringBuilder();
    for (Output o : result.outputs()) {
      if (o instanceof Output.StreamOutput s && Output.StreamOutput.STDOUT.equals(s.name())) {
        stdout.append(s.text());
      }
    }
    int at = stdout.lastIndexOf(nonce);
    if (result.status() != ExecutionStatus.OK || at < 0) {
      String why = result.status() == ExecutionStatus.OK
          ? "the answer was lost (larger than the output limit?)" : result.summary();
      return Future.failedFuture(new IllegalStateException("the Python kernel gave no answer: " + why));
    }
    int end = stdout.indexOf("\n", at);
    String json = stdout.substring(at + nonce.length(), end < 0 ? stdout.length() : end);
    try {
      return Future.succeededFuture(McpJson.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      return Future.failedFuture(new IllegalStateException("the answer was cut (over the output limit): "
          + e.getOriginalMessage()));
    }
  }

  private static String quote(String ascii) {
    return "'" + ascii.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String readHelper() {
    try (InputStream in = CustomTools.class.getResourceAsStream("custom_tool.py")) {
      if (in == null) {
        throw new IllegalStateException("custom_tool.py is missing from the broker's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
