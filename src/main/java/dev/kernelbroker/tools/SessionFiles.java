package dev.kernelbroker.tools;

import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.HostWorkspaceFiles;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.mcp.protocol.Resource;
import dev.kernelbroker.mcp.protocol.ResourceLink;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The files of each kernel session's workspace, for both faces (MCP and REST), and the limits on what leaves it. A
 * runtime whose workspaces are not host folders replaces {@code open}.
 */
public final class SessionFiles {
  /** Where the broker's own files go in a workspace; left out when spotting what a call changed. */
  static final WorkspacePath OWN_FOLDER = WorkspacePath.parse(".kernel-broker");

  private final BiFunction<Vertx, Path, WorkspaceFiles> open;
  private final Vertx vertx;
  private final FileGrants grants;
  /** Each session's workspace as its last cell left it, by session id (see {@link #scanBefore}). */
  private final Map<String, Scan> lastScans = new ConcurrentHashMap<>();

  private record Scan(long turn, Path root, Future<Map<WorkspacePath, FileEntry>> files) {}

  public SessionFiles(Vertx vertx, FileGrants grants) {
    this.vertx = vertx;
    this.grants = grants;
    this.open = (v, root) -> new HostWorkspaceFiles(v, root, () -> written(root));
  }

  public SessionFiles(Vertx vertx, FileGrants grants, BiFunction<Vertx, Path, WorkspaceFiles> open) {
    this.vertx = vertx;
    this.grants = grants;
    this.open = open;
  }

  public FileGrants grants() {
    return grants;
  }

  /** The session's workspace, claiming its sandbox if it has none yet. */
  public Future<WorkspaceFiles> of(KernelSession session) {
    return session.workspace().map(path -> open.apply(vertx, path));
  }

  /** The workspace if the session has a sandbox now; claims nothing. */
  public Optional<WorkspaceFiles> current(KernelSession session) {
    return session.currentWorkspace().map(path -> open.apply(vertx, path));
  }

  /**
   * The workspace as the cell of {@code turn} finds it. When the session's previous cell had the turn just before
   * it, in the same workspace, and the broker wrote nothing there since, that cell's scan after it ran serves: no
   * second walk of the same files on the call's path. So what changed between calls (a process the user left
   * running) counts as this cell's; what the broker wrote meanwhile (an upload) does not.
   */
  Future<Map<WorkspacePath, FileEntry>> scanBefore(KernelSession session, long turn, WorkspaceFiles workspace,
      int max) {
    Scan last = lastScans.get(session.id());
    Optional<Path> root = session.currentWorkspace();
    if (last != null && last.turn == turn - 1 && root.isPresent() && last.root.equals(root.get())) {
      return last.files;
    }
    return workspace.snapshot(max);
  }

  /** Scans the workspace after the cell of {@code turn} and keeps the scan for the session's next cell. */
  Future<Map<WorkspacePath, FileEntry>> scanAfter(KernelSession session, long turn, WorkspaceFiles workspace,
      int max) {
    Optional<Path> root = session.currentWorkspace();
    if (root.isEmpty()) {
      lastScans.remove(session.id());
      return workspace.snapshot(max);
    }
    // Kept before the walk starts, so that a write the broker makes meanwhile finds it and drops it.
    Promise<Map<WorkspacePath, FileEntry>> files = Promise.promise();
    if (lastScans.put(session.id(), new Scan(turn, root.get(), files.future())) == null) {
      session.onClose(() -> lastScans.remove(session.id()));
    }
    workspace.snapshot(max).onComplete(files);
    return files.future();
  }

  /** The broker is writing in the workspace at {@code root}: no earlier scan of it stands for the next cell. */
  private void written(Path root) {
    lastScans.values().removeIf(scan -> scan.root.equals(root));
  }

  static Resource resource(FileEntry entry) {
    return new Resource(entry.path().uri(), entry.path().relative(), null, entry.mimeType(), entry.size());
  }

  static ResourceLink link(FileEntry entry) {
    return new ResourceLink(resource(entry));
  }
}
