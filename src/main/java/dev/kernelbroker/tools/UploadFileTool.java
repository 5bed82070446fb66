package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.TextContent;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.ToolInvocation;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** {@code upload_file}: puts text or base64 bytes into a file under /workspace, for the code to read. */
final class UploadFileTool extends WorkspaceFileTool {
  static final String CONTENT = "content";
  static final String ENCODING = "encoding";

  UploadFileTool(McpKernelSessions sessions, SessionFiles files) {
    super(sessions, files);
  }

  @Override
  public ToolDefinition definition() {
    ObjectNode schema = schema();
    ObjectNode props = schema.putObject("properties");
    pathProperty(props, "Where to write, relative to /workspace (e.g. data/input.csv) or absolute under /workspace."
        + " Missing folders are created; an existing file is replaced.");
    props.putObject(CONTENT).put("type", "string").put("description", "The file's content: text as is, or base64"
        + " when encoding is base64 (for binary files).");
    props.putObject(ENCODING).put("type", "string").put("description", "text (UTF-8, the default) or base64.")
        .putArray("enum").add("text").add("base64");
    schema.putArray("required").add(PATH).add(CONTENT);
    return new ToolDefinition("upload_file", "Write a file into this conversation's /workspace so code can use it"
        + " (pandas.read_csv('/workspace/data/input.csv')). At most " + limits.maxFileBytes() + " bytes after"
        + " decoding; paths outside /workspace and symbolic links leading out are refused.", schema,
        new ToolAnnotations("Upload a file", false, true, true, false));
  }

  @Override
  Future<CallToolResult> run(ToolInvocation invocation, ObjectNode args) {
    ArgumentCheck check = new ArgumentCheck(args, List.of(PATH, CONTENT, ENCODING));
    WorkspacePath path = WorkspacePath.parse(check.requiredString(PATH, "a path under /workspace"));
    String content = check.requiredString(CONTENT, "the file's text, or base64 bytes");
    boolean base64 = check.optionalString(ENCODING, "text", List.of("text", "base64")).equals("base64");
    byte[] bytes;
    try {
      bytes = base64 ? Base64.getMimeDecoder().decode(content) : content.getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ArgumentCheck.Invalid("'content' is not valid base64 (" + e.getMessage() + ")");
    }
    if (bytes.length > limits.maxFileBytes()) {
      throw WorkspaceFileException.tooLarge("The upload", bytes.length, limits.maxFileBytes(), "BROKER_MAX_FILE_BYTES");
    }
    return workspace(invocation).compose(ws -> ws.write(path, bytes)).map(entry -> new CallToolResult(List.of(
        new TextContent("Wrote " + entry.path().sandboxPath() + " (" + entry.size() + " bytes, " + entry.mimeType()
            + ")."), SessionFiles.link(entry)), false));
  }
}
