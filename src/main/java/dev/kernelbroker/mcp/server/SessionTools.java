package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.McpMethod;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Tools that exist for one session only, beside the server's own. A change to a session's list sends it
 * notifications/tools/list_changed; the list goes when the session ends.
 */
public final class SessionTools {
  private final int maxPerSession;
  private final UnaryOperator<McpTool> guard;
  private final Set<String> reserved = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<String, McpTool>> bySession = new ConcurrentHashMap<>();

  public SessionTools(int maxPerSession) {
    this(maxPerSession, UnaryOperator.identity());
  }

  /** @param guard what every session tool is served through, as the server's own are (the caller's quota) */
  public SessionTools(int maxPerSession, UnaryOperator<McpTool> guard) {
    if (maxPerSession < 1) {
      throw new IllegalArgumentException("maxPerSession must be positive");
    }
    this.maxPerSession = maxPerSession;
    this.guard = java.util.Objects.requireNonNull(guard, "guard");
  }

  /** The server's own tool names, which no session tool may take. */
  void reserve(Collection<String> names) {
    reserved.addAll(names);
  }

  public boolean isReserved(String name) {
    return reserved.contains(name);
  }

  /**
   * Adds the tool to the session's list, replacing one of the same name, and tells the client.
   *
   * @throws IllegalArgumentException for a server tool's name, or when the session has its maximum already
   */
  public void put(McpSession session, McpTool defined) {
    McpTool tool = guard.apply(defined);
    String name = tool.definition().name();
    if (session.isClosed()) {
      throw new IllegalArgumentException("the session has ended");
    }
    if (reserved.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is the name of a built-in tool; choose another name");
    }
    Map<String, McpTool> tools = bySession.get(session.id());
    if (tools == null) {
      Map<String, McpTool> fresh = new LinkedHashMap<>();
      tools = bySession.putIfAbsent(session.id(), fresh);
      if (tools == null) {
        tools = fresh;
        // Outside the map's update: for a session closed already, this runs at once.
        session.onClose(() -> bySession.remove(session.id()));
      }
    }
    synchronized (tools) {
      if (!tools.containsKey(name) && tools.size() >= maxPerSession) {
        throw new IllegalArgumentException("this session already has " + maxPerSession
            + " defined tools, the most it may have; remove one first");
      }
      tools.put(name, tool);
    }
    changed(session);
  }

  /** Removes the session's tool of that name and tells the client; false if it had none. */
  public boolean remove(McpSession session, String name) {
    Map<String, McpTool> tools = bySession.get(session.id());
    boolean removed;
    if (tools == null) {
      return false;
    }
    synchronized (tools) {
      removed = tools.remove(name) != null;
    }
    if (removed) {
      changed(session);
    }
    return removed;
  }

  public List<McpTool> of(McpSession session) {
    Map<String, McpTool> tools = bySession.get(session.id());
    if (tools == null) {
      return List.of();
    }
    synchronized (tools) {
      return List.copyOf(tools.values());
    }
  }

  public Optional<McpTool> find(McpSession session, String name) {
    return of(session).stream().filter(t -> t.definition().name().equals(name)).findFirst();
  }

  private static void changed(McpSession session) {
    session.sendToStream(new JsonRpcMessage.Notification(McpMethod.TOOLS_LIST_CHANGED.wire(), null));
  }
}
