package dev.kernelbroker.customtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.SessionTools;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** define_tool and remove_tool: a session turns a Python function into a tool of its own, and takes it away. */
public final class CustomToolTools {
  private CustomToolTools() {}

  public static List<McpTool> create(CustomTools tools, SessionTools sessionTools,
      Function<McpSession, KernelSession> sessions) {
    ObjectNode defineSchema = McpJson.object().put("type", "object").put("additionalProperties", false);
    defineSchema.putObject("properties").putObject("source").put("type", "string")
        .put("maxLength", CustomTools.MAX_SOURCE_CHARS)
        .put("description", "The source of one Python function with type hints and a docstring (imports before"
            + " it are allowed).");
    defineSchema.putArray("required").add("source");
    ToolDefinition define = new ToolDefinition("define_tool", "Turn a Python function into a tool of this"
        + " conversation: its name becomes the tool's name, its docstring the description (an Args: section"
        + " describes the parameters), its type hints the parameter schema. Supported hints: str, int, float, bool,"
        + " list[...], dict[str, ...], Optional[...] or X | None, Literal[...]; a parameter with a default is"
        + " optional. Calling the new tool runs the function in this conversation's Python kernel (it sees the"
        + " kernel's variables and imports) and returns its value, which must be JSON. Defining a name again"
        + " replaces the tool; built-in tool names are refused.", defineSchema,
        new ToolAnnotations("Define a tool", false, false, true, false));
    ObjectNode removeSchema = McpJson.object().put("type", "object").put("additionalProperties", false);
    removeSchema.putObject("properties").putObject("name").put("type", "string")
        .put("description", "The name of a tool defined with define_tool.");
    removeSchema.putArray("required").add("name");
    ToolDefinition remove = new ToolDefinition("remove_tool", "Remove a tool this conversation defined with"
        + " define_tool.", removeSchema, new ToolAnnotations("Remove a tool", false, true, true, false));
    return List.of(McpTool.of(define, inv -> define(tools, sessionTools, sessions, inv)),
        McpTool.of(remove, inv -> remove(sessionTools, inv)));
  }

  private static Future<CallToolResult> define(CustomTools tools, SessionTools sessionTools,
      Function<McpSession, KernelSession> sessions, ToolInvocation inv) {
    JsonNode source = inv.arguments().get("source");
    if (source == null || !source.isTextual() || inv.arguments().size() != 1) {
      return Future.succeededFuture(CallToolResult.error("Invalid arguments: define_tool takes one argument,"
          + " 'source', the source of a Python function as a string. Nothing was defined."));
    }
    McpSession session = inv.session();
    return tools.parse(sessions.apply(session), source.asText()).map(spec -> {
      if (sessionTools.isReserved(spec.name())) {
        return CallToolResult.error("Not defined: '" + spec.name() + "' is the name of a built-in tool; rename"
            + " the function.");
      }
      boolean replaced = sessionTools.find(session, spec.name()).isPresent();
      sessionTools.put(session, new CustomTool(spec, tools, sessions));
      ObjectNode answer = McpJson.object().put("defined", spec.name()).put("replaced", replaced)
          .put("description", spec.description());
      answer.set("inputSchema", spec.inputSchema());
      return CallToolResult.text("Tool " + spec.name() + (replaced ? " replaced" : " defined") + " for this"
          + " conversation (the tool list changed):\n" + answer.toPrettyString());
    }).otherwise(e -> CallToolResult.error("Not defined: " + e.getMessage() + ". Nothing was added; the"
        + " session's state is unchanged."));
  }

  private static Future<CallToolResult> remove(SessionTools sessionTools, ToolInvocation inv) {
    JsonNode name = inv.arguments().get("name");
    if (name == null || !name.isTextual() || inv.arguments().size() != 1) {
      return Future.succeededFuture(CallToolResult.error("Invalid arguments: remove_tool takes one argument,"
          + " 'name'."));
    }
    if (sessionTools.isReserved(name.asText())) {
      return Future.succeededFuture(CallToolResult.error("'" + name.asText() + "' is a built-in tool; only tools"
          + " defined with define_tool can be removed."));
    }
    return Future.succeededFuture(sessionTools.remove(inv.session(), name.asText())
        ? CallToolResult.text("Tool " + name.asText() + " removed (the tool list changed).")
        : CallToolResult.error("This conversation has no defined tool named '" + name.asText() + "'."));
  }

}
