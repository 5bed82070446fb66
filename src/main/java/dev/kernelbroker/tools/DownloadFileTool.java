package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.files.FileContent;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.EmbeddedResource;
import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import java.util.List;

/** {@code download_file}: a workspace file as an embedded resource, text or base64, within the caps. */
final class DownloadFileTool extends WorkspaceFileTool {
  DownloadFileTool(McpKernelSessions sessions, SessionFiles files) {
    super(sessions, files);
  }

  @Override
  public ToolDefinition definition() {
    ObjectNode schema = schema();
    pathProperty(schema.putObject("properties"), "The file, relative to /workspace or absolute under /workspace.");
    schema.putArray("required").add(PATH);
    return new ToolDefinition("download_file", "Return a file from this conversation's /workspace as an embedded"
        + " resource: text for text files, base64 for others. At most " + limits.maxFileBytes() + " bytes; for a"
        + " larger file, read parts of it with code (head, tail, grep) or write a smaller one. Each session may take"
        + " out " + limits.sessionMaxDownloads() + " files and " + limits.sessionMaxDownloadBytes() + " bytes in all.",
        schema, new ToolAnnotations("Download a file", true, false, true, false));
  }

  @Override
  Future<CallToolResult> run(ToolInvocation invocation, ObjectNode args) {
    ArgumentCheck check = new ArgumentCheck(args, List.of(PATH));
    WorkspacePath path = WorkspacePath.parse(check.requiredString(PATH, "a file under /workspace"));
    String owner = invocation.session().id();
    return workspace(invocation).compose(ws -> ws.read(path, limits.maxFileBytes())).map(content -> {
      files.grants().charge(owner, content.bytes().length);
      return new CallToolResult(List.of(new TextContent(path.sandboxPath() + ": " + content.bytes().length
          + " bytes, " + content.mimeType() + "."), new EmbeddedResource(contents(content))), false);
    }).recover(e -> e instanceof WorkspaceFileException w && w.reason() == WorkspaceFileException.Reason.TOO_LARGE
        ? Future.succeededFuture(CallToolResult.error(w.getMessage() + ". It was not sent. Read parts of it with"
            + " execute_bash_code (head, tail, grep, split) or write a smaller file."))
        : Future.failedFuture(e));
  }

  static ResourceContents contents(FileContent content) {
    String uri = content.path().uri();
    return content.text().<ResourceContents>map(text -> new ResourceContents.Text(uri, content.mimeType(), text))
        .orElseGet(() -> ResourceContents.Blob.of(uri, content.mimeType(), content.bytes()));
  }
}
