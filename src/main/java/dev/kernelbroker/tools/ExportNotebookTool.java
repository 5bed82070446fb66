package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.Content;
import dev.kernelbroker.mcp.protocol.EmbeddedResource;
import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.notebook.NotebookWriter;
import dev.kernelbroker.session.CellHistory;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code export_notebook}: the cells run so far as an .ipynb, written to /workspace and returned. */
final class ExportNotebookTool extends WorkspaceFileTool {
  static final String DEFAULT_PATH = "kernel-broker-session.ipynb";

  ExportNotebookTool(McpKernelSessions sessions, SessionFiles files) {
    super(sessions, files);
  }

  @Override
  public ToolDefinition definition() {
    ObjectNode schema = schema();
    pathProperty(schema.putObject("properties"), "Where to write the notebook (default /workspace/" + DEFAULT_PATH
        + ").");
    return new ToolDefinition("export_notebook", "Save the code this conversation ran so far, with its outputs and"
        + " plots, as a Jupyter notebook (.ipynb, nbformat 4.5) that opens in JupyterLab: Python cells as they ran,"
        + " Bash cells as %%bash cells. Written to /workspace and returned as an embedded resource.", schema,
        new ToolAnnotations("Export a notebook", false, false, true, false));
  }

  @Override
  Future<CallToolResult> run(ToolInvocation invocation, ObjectNode args) {
    ArgumentCheck check = new ArgumentCheck(args, List.of(PATH));
    WorkspacePath path = WorkspacePath.parse(check.optionalString(PATH, DEFAULT_PATH, List.of()));
    KernelSession session = sessions.forCaller(invocation.session());
    CellHistory.Snapshot history = session.history().snapshot();
    byte[] json = NotebookWriter.write(history).encodePrettily().getBytes(StandardCharsets.UTF_8);
    return files.of(session).compose(ws -> ws.write(path, json)).map(entry -> {
      List<Content> content = new ArrayList<>();
      content.add(new TextContent("Wrote " + entry.path().sandboxPath() + ": " + history.cells().size() + " cells"
          + (history.dropped() > 0 ? " (" + history.dropped() + " earlier cells left out)" : "") + ", "
          + entry.size() + " bytes."));
      if (json.length <= limits.maxFileBytes()) {
        content.add(new EmbeddedResource(new ResourceContents.Text(entry.path().uri(), NotebookWriter.MIME_TYPE,
            new String(json, StandardCharsets.UTF_8))));
      }
      content.add(SessionFiles.link(entry));
      return new CallToolResult(content, false);
    });
  }
}
