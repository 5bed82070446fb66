package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.jobs.JobObserver;
import dev.kernelbroker.jobs.StreamingTool;
import dev.kernelbroker.mcp.protocol.TaskSupport;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;

/** {@code execute_python_code}, {@code execute_bash_code}, {@code execute_javascript_code}: one cell, own kernel. */
public final class ExecuteCodeTool implements StreamingTool {
  static final String COMMAND = "command";
  static final String TIMEOUT = "timeout_seconds";

  private final Vertx vertx;
  private final Language language;
  private final McpKernelSessions sessions;
  private final ExecutionSettings limits;
  private final ToolDefinition definition;
  private final CellRunner runner;

  ExecuteCodeTool(Vertx vertx, Language language, McpKernelSessions sessions, ExecutionSettings limits,
      SandboxSettings sandbox, CellRunner runner) {
    this.vertx = vertx;
    this.runner = runner;
    this.language = language;
    this.sessions = sessions;
    this.limits = limits;
    this.definition = new ToolDefinition(name(language), ToolDescriptions.execute(language, limits, sandbox,
        runner.installer()), schema(),
        new ToolAnnotations("Run " + language.displayName() + " code", false, true, false, true),
        TaskSupport.OPTIONAL);
  }

  static String name(Language language) {
    return switch (language) {
      case PYTHON -> "execute_python_code";
      case BASH -> "execute_bash_code";
      case JAVASCRIPT -> "execute_javascript_code";
    };
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public Language language() {
    return language;
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation, JobObserver observer) {
    ObjectNode args = invocation.arguments();
    String problem = invalid(args);
    if (problem != null) {
      return Future.succeededFuture(CallToolResult.error("Invalid arguments: " + problem + ". Nothing was run."));
    }
    Duration timeout = args.hasNonNull(TIMEOUT) ? Duration.ofSeconds(args.get(TIMEOUT).asLong())
        : limits.defaultTimeout();
    ProgressRelay relay = new ProgressRelay(vertx, invocation.progress());
    Consumer<Output> live = output -> {
      relay.accept(output);
      observer.output(output);
    };
    long start = System.nanoTime();
    return runner.run(sessions.forCaller(invocation.session()), language, args.get(COMMAND).asText(), timeout, live,
            invocation.cancellation()::onCancel, observer::started)
        .map(outcome -> {
          CallToolResult result = FileLinks.result(outcome, invocation.session(), runner.files().grants().settings())
              .withMeta(UsageJson.META_KEY, UsageJson.call(outcome.usage()));
          sessions.registry().observer().callTook(language, Duration.ofNanos(System.nanoTime() - start),
              outcome.result().wallTime());
          return result;
        })
        .otherwise(err -> CallToolResult.error("The " + language.displayName() + " code could not be run: "
            + err.getMessage() + ". Nothing ran; the session's earlier state is unaffected if its kernel was"
            + " already running."))
        .andThen(done -> relay.finish());
  }

  private String invalid(ObjectNode args) {
    for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!COMMAND.equals(name) && !TIMEOUT.equals(name)) {
        return "unknown argument '" + name + "' (allowed: " + COMMAND + ", " + TIMEOUT + ")";
      }
    }
    JsonNode command = args.get(COMMAND);
    if (command == null || !command.isTextual()) {
      return "'" + COMMAND + "' is required and must be a string of " + language.displayName() + " code";
    }
    JsonNode timeout = args.get(TIMEOUT);
    long max = limits.maxTimeout().toSeconds();
    if (timeout != null && !timeout.isNull()
        && (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() < 1
            || timeout.asLong() > max)) {
      return "'" + TIMEOUT + "' must be a whole number of seconds from 1 to " + max + ", got " + timeout;
    }
    return null;
  }

  private ObjectNode schema() {
    ObjectNode schema = McpJson.object().put("type", "object").put("additionalProperties", false);
    ObjectNode props = schema.putObject("properties");
    props.putObject(COMMAND).put("type", "string")
        .put("description", "The " + language.displayName() + " code to run, as in one notebook cell.");
    props.putObject(TIMEOUT).put("type", "integer").put("minimum", 1).put("maximum", limits.maxTimeout().toSeconds())
        .put("description", "Stop the code after this many seconds (default " + limits.defaultTimeout().toSeconds()
            + ", maximum " + limits.maxTimeout().toSeconds() + "). On timeout the code is interrupted.");
    schema.putArray("required").add(COMMAND);
    return schema;
  }
}
