package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.ResourcePage;
import dev.kernelbroker.mcp.protocol.ResourceTemplate;
import io.vertx.core.Future;
import java.util.List;

/**
 * The resources a server offers, per session: each session sees its own. A failed Future with a
 * {@link dev.kernelbroker.mcp.protocol.JsonRpcException} is answered as that error (use
 * {@code resourceNotFound} for an unknown URI); any other failure as an internal error.
 */
public interface ResourceProvider {
  /** One page; {@code cursor} is null for the first, else a {@code nextCursor} this provider gave out. */
  Future<ResourcePage> list(McpSession session, String cursor);

  Future<List<ResourceContents>> read(McpSession session, String uri);

  List<ResourceTemplate> templates();
}
