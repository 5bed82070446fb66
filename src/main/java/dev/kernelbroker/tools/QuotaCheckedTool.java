package dev.kernelbroker.tools;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.access.Refusal;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * A tool behind its caller's quota: a call over the calls-per-minute limit of the caller's token, or over its
 * CPU-per-hour limit for a tool that is not read-only, runs nothing and answers an isError result saying which
 * limit, that the session is intact, and when to retry (also in {@code _meta} for clients). Inside a session this is a tool result rather than HTTP 429: the session and its
 * kernels are fine, and a model reads a result where a client library would throw a transport error.
 */
final class QuotaCheckedTool implements McpTool {
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
    return tools.stream().<McpTool>map(t -> new QuotaCheckedTool(t, quotas)).toList();
  }

  @Override
  public ToolDefinition definition() {
    return tool.definition();
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation) {
    Optional<Refusal> refusal = quotas.client(invocation.session().client()).startCall(!readOnly);
    if (refusal.isEmpty()) {
      return tool.call(invocation);
    }
    Refusal r = refusal.get();
    return Future.succeededFuture(CallToolResult.error("Not run: " + r.message() + ". Nothing ran and this"
        + " session's state is unchanged; retry after " + r.retryAfterSeconds() + " s.")
        .withMeta(META_RETRY_AFTER, McpJson.MAPPER.getNodeFactory().numberNode(r.retryAfterSeconds())));
  }
}
