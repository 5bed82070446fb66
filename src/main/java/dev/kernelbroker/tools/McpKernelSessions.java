package dev.kernelbroker.tools;

import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.KernelSessionRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Today's binding: each MCP session has its own kernel session, closed when the MCP session ends. */
final class McpKernelSessions {
  private final KernelSessionRegistry registry;
  private final Set<String> bound = ConcurrentHashMap.newKeySet();
  private final FileGrants grants;

  McpKernelSessions(KernelSessionRegistry registry, FileGrants grants) {
    this.registry = registry;
    this.grants = grants;
  }

  KernelSessionRegistry registry() {
    return registry;
  }

  /** The caller's kernel session; from now on the MCP session holds state and is kept for the idle timeout. */
  KernelSession forCaller(McpSession caller) {
    caller.markHoldsState();
    String id = caller.id();
    if (bound.add(id)) {
      caller.onClose(() -> {
        bound.remove(id);
        grants.forget(id);
        registry.close(id);
      });
    }
    KernelSession session = registry.obtain(id);
    session.chargeTo(caller.client());
    return session;
  }
}
