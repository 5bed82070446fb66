package dev.kernelbroker.tools;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.access.Refusal;
import dev.kernelbroker.jobs.JobObserver;
import dev.kernelbroker.jobs.StreamingTool;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A tool behind its caller's quota: a call over the calls-per-minute limit of the caller's token, or over its
 * CPU-per-hour limit for a tool that is not read-only, runs nothing and answers an isError result saying which
 * limit, that the session is intact, and when to retry (also in {@code _meta} for clients). Inside a session this is a tool result rather than HTTP 429: the session and its
 * kernels are fine, and a model reads a result where a client library would throw a transport error.
 */
class QuotaCheckedTool implements McpTool {
  static final String META_RETRY_AFTER = "dev.kernelbroker/retry_after_seconds";

  private final McpTool tool;
  private final QuotaRegistry quotas;
  /** A tool that says it is read-only runs no code, so the CPU limit does not hold it back. */
  private final boolean readOnly;

  private QuotaCheckedTool(McpTool tool, QuotaRegistry quotas) {
    this.tool = tool;
    this.quotas = quotas;
    this.readOnly = Boolean.TRUE.equals(tool.definition().annotations().readOnlyHint());
  }

  static List<McpTool> wrap(List<McpTool> tools, QuotaRegistry quotas) {
    // An execute tool stays a StreamingTool, so a task or job started through it still sees its output as it arrives.
    return tools.stream().<McpTool>map(t -> t instanceof StreamingTool streaming
        ? new Streaming(streaming, quotas) : new QuotaCheckedTool(t, quotas)).toList();
  }

  @Override
  public ToolDefinition definition() {
    return tool.definition();
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation) {
    return admit(invocation, () -> tool.call(invocation));
  }

  final Future<CallToolResult> admit(ToolInvocation invocation, Supplier<Future<CallToolResult>> run) {
    Optional<Refusal> refusal = quotas.client(invocation.session().client()).startCall(!readOnly);
    if (refusal.isEmpty()) {
      return run.get();
    }
    Refusal r = refusal.get();
    return Future.succeededFuture(CallToolResult.error("Not run: " + r.message() + ". Nothing ran and this"
        + " session's state is unchanged; retry after " + r.retryAfterSeconds() + " s.")
        .withMeta(META_RETRY_AFTER, McpJson.MAPPER.getNodeFactory().numberNode(r.retryAfterSeconds())));
  }

  private static final class Streaming extends QuotaCheckedTool implements StreamingTool {
    private final StreamingTool streaming;

    Streaming(StreamingTool streaming, QuotaRegistry quotas) {
      super(streaming, quotas);
      this.streaming = streaming;
    }

    @Override
    public Language language() {
      return streaming.language();
    }

    @Override
    public Future<CallToolResult> call(ToolInvocation invocation) {
      return call(invocation, JobObserver.NONE);
    }

    @Override
    public Future<CallToolResult> call(ToolInvocation invocation, JobObserver observer) {
      return admit(invocation, () -> streaming.call(invocation, observer));
    }
  }
}
