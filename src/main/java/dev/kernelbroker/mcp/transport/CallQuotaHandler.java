package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.access.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * For faces other than MCP (the REST API), whose calls are HTTP requests: mounted on a route that runs code, after
 * the {@link HttpGuard}, it admits the request against its token's calls-per-minute and CPU-per-hour limits or
 * answers 429 with Retry-After. MCP's tools/call is admitted inside its session instead (an isError result).
 */
public final class CallQuotaHandler implements Handler<RoutingContext> {
  private final QuotaRegistry quotas;

  public CallQuotaHandler(QuotaRegistry quotas) {
    this.quotas = quotas;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<Refusal> refused = quotas.client(HttpGuard.client(ctx)).startCall();
    if (refused.isPresent()) {
      HttpProblem.tooMany(ctx.response(), refused.get());
      return;
    }
    ctx.next();
  }
}
