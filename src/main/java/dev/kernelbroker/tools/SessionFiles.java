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
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
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

  public SessionFiles(Vertx vertx, FileGrants grants) {
    this(vertx, grants, HostWorkspaceFiles::new);
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

  static Resource resource(FileEntry entry) {
    return new Resource(entry.path().uri(), entry.path().relative(), null, entry.mimeType(), entry.size());
  }

  static ResourceLink link(FileEntry entry) {
    return new ResourceLink(resource(entry));
  }
}
