package dev.kernelbroker.tools;

import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.ResourceContents;
import dev.kernelbroker.mcp.protocol.ResourcePage;
import dev.kernelbroker.mcp.protocol.ResourceTemplate;
import dev.kernelbroker.mcp.server.McpSession;
import dev.kernelbroker.mcp.server.ResourceProvider;
import dev.kernelbroker.session.KernelSessionRegistry;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Each MCP session's workspace files as its resources ({@code file:///workspace/<path>}). Listing claims no sandbox:
 * a session that has none yet has no files. Reads count against the session's download budget.
 */
final class WorkspaceResources implements ResourceProvider {
  static final int PAGE = 100;
  private static final String CURSOR_PREFIX = "offset:";

  private final KernelSessionRegistry registry;
  private final SessionFiles files;

  WorkspaceResources(KernelSessionRegistry registry, SessionFiles files) {
    this.registry = registry;
    this.files = files;
  }

  @Override
  public Future<ResourcePage> list(McpSession session, String cursor) {
    int offset = offset(cursor);
    Optional<WorkspaceFiles> workspace = workspace(session);
    if (workspace.isEmpty()) {
      return Future.succeededFuture(new ResourcePage(List.of(), null));
    }
    return workspace.get().list(WorkspacePath.ROOT, true, files.grants().settings().maxScannedFiles()).map(listing -> {
      List<FileEntry> all = listing.entries().stream().filter(FileEntry::isFile).toList();
      List<FileEntry> page = all.subList(Math.min(offset, all.size()), Math.min(offset + PAGE, all.size()));
      String next = offset + PAGE < all.size() ? cursor(offset + PAGE) : null;
      return new ResourcePage(page.stream().map(SessionFiles::resource).toList(), next);
    });
  }

  @Override
  public Future<List<ResourceContents>> read(McpSession session, String uri) {
    WorkspacePath path;
    try {
      path = WorkspacePath.fromUri(uri);
    } catch (WorkspaceFileException e) {
      return Future.failedFuture(JsonRpcException.resourceNotFound(uri, e.getMessage()));
    }
    Optional<WorkspaceFiles> workspace = workspace(session);
    if (workspace.isEmpty()) {
      return Future.failedFuture(JsonRpcException.resourceNotFound(uri, "this session has no workspace files yet"));
    }
    return workspace.get().read(path, files.grants().settings().maxFileBytes()).map(content -> {
      files.grants().charge(session.id(), content.bytes().length);
      return List.of(DownloadFileTool.contents(content));
    }).recover(e -> Future.failedFuture(error(uri, e)));
  }

  @Override
  public List<ResourceTemplate> templates() {
    return List.of(new ResourceTemplate(WorkspacePath.URI_TEMPLATE, "workspace-file", "A file in this session's"
        + " /workspace, by its path there (e.g. file:///workspace/data/out.csv).", null));
  }

  private Optional<WorkspaceFiles> workspace(McpSession session) {
    return registry.find(session.id()).flatMap(files::current);
  }

  private static Throwable error(String uri, Throwable e) {
    if (!(e instanceof WorkspaceFileException w)) {
      return e;
    }
    return switch (w.reason()) {
      case NOT_FOUND, OUTSIDE, NOT_A_FILE -> JsonRpcException.resourceNotFound(uri, w.getMessage());
      case FAILED -> JsonRpcException.internalError(w.getMessage());
      default -> JsonRpcException.invalidParams(w.getMessage());
    };
  }

  private static String cursor(int offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX)) {
        int offset = Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw JsonRpcException.invalidParams("cursor " + cursor + " was not given out by this server");
  }
}
