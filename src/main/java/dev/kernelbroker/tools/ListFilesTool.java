package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import java.util.List;

/** {@code list_files}: a folder of /workspace, one line per entry (size, modified, path), bounded. */
final class ListFilesTool extends WorkspaceFileTool {
  static final String RECURSIVE = "recursive";
  static final String MAX_ENTRIES = "max_entries";
  static final int DEFAULT_ENTRIES = 200;

  ListFilesTool(McpKernelSessions sessions, SessionFiles files) {
    super(sessions, files);
  }

  @Override
  public ToolDefinition definition() {
    ObjectNode schema = schema();
    ObjectNode props = schema.putObject("properties");
    pathProperty(props, "The folder to list, relative to /workspace or absolute under it (default: /workspace).");
    props.putObject(RECURSIVE).put("type", "boolean").put("description", "Also list subfolders (default false).");
    props.putObject(MAX_ENTRIES).put("type", "integer").put("minimum", 1).put("maximum", limits.maxScannedFiles())
        .put("description", "At most this many entries (default " + DEFAULT_ENTRIES + ").");
    return new ToolDefinition("list_files", "List files in this conversation's /workspace: one line per entry with"
        + " its size in bytes, last modification (UTC) and path; folders end in /, symbolic links show their"
        + " arrow and are not followed.", schema, new ToolAnnotations("List files", true, false, true, false));
  }

  @Override
  Future<CallToolResult> run(ToolInvocation invocation, ObjectNode args) {
    ArgumentCheck check = new ArgumentCheck(args, List.of(PATH, RECURSIVE, MAX_ENTRIES));
    WorkspacePath path = WorkspacePath.parse(check.optionalString(PATH, "", List.of()));
    boolean recursive = check.optionalBoolean(RECURSIVE, false);
    int max = check.optionalInt(MAX_ENTRIES, DEFAULT_ENTRIES, 1, limits.maxScannedFiles());
    return workspace(invocation).compose(ws -> ws.list(path, recursive, max)).map(listing -> {
      StringBuilder text = new StringBuilder();
      for (FileEntry e : listing.entries()) {
        text.append(String.format("%12d  %s  %s%s%n", e.size(), e.modified().toString().replaceFirst("\\.\\d+Z$", "Z"),
            e.path().sandboxPath(), e.kind() == FileEntry.Kind.DIRECTORY ? "/"
                : e.kind() == FileEntry.Kind.SYMLINK ? " (symbolic link)"
                : e.kind() == FileEntry.Kind.SPECIAL ? " (a pipe or socket, not served)" : ""));
      }
      if (listing.entries().isEmpty()) {
        text.append(path.sandboxPath()).append(" is empty.\n");
      }
      if (listing.truncated()) {
        text.append("[kernel-broker] Only the first ").append(max).append(" entries are shown (max_entries).\n");
      }
      return CallToolResult.text(text.toString());
    });
  }
}
