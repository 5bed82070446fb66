package dev.kernelbroker.tools;

import dev.kernelbroker.config.FileSettings;
import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.Content;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.McpMethod;
import dev.kernelbroker.mcp.server.McpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's result with links to the files it created or changed (at most {@code BROKER_MAX_FILES_PER_CALL}) and to
 * its spilled output; the session hears {@code notifications/resources/list_changed} when files came or went.
 */
final class FileLinks {
  private FileLinks() {}

  static CallToolResult result(CellRunner.Outcome outcome, McpSession session, FileSettings limits) {
    List<FileEntry> changed = outcome.changed();
    ExecutionResult result = outcome.result();
    if (changed.size() > limits.maxFilesPerCall()) {
      List<Output> outputs = new ArrayList<>(result.outputs());
      outputs.add(new Output.NoticeOutput(changed.size() + " files were created or changed; links to the first "
          + limits.maxFilesPerCall() + " follow (BROKER_MAX_FILES_PER_CALL). list_files shows them all."));
      result = new ExecutionResult(outputs, result.status(), result.stateKept(), result.executionCount(),
          result.wallTime(), result.summary());
    }
    CallToolResult formatted = ResultFormatter.format(result);
    List<Content> content = new ArrayList<>(formatted.content());
    changed.stream().limit(limits.maxFilesPerCall()).forEach(e -> content.add(SessionFiles.link(e)));
    if (outcome.spill() != null) {
      content.add(SessionFiles.link(outcome.spill()));
    }
    if (outcome.listChanged() || outcome.spill() != null) {
      session.sendToStream(new JsonRpcMessage.Notification(McpMethod.RESOURCES_LIST_CHANGED.wire(), null));
    }
    return new CallToolResult(content, formatted.isError());
  }
}
