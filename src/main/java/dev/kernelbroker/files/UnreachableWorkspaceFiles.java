package dev.kernelbroker.files;

import io.vertx.core.Future;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * The workspace of a sandbox whose {@code /workspace} is not a folder of this host (a Kubernetes Pod's emptyDir): every
 * operation is refused, saying so, rather than touching a folder of the broker's own that other sessions would share.
 */
public final class UnreachableWorkspaceFiles implements WorkspaceFiles {
  private final String why;

  /** @param why what the refusals say, e.g. which runtime keeps the files where the broker cannot reach them */
  public UnreachableWorkspaceFiles(String why) {
    this.why = why;
  }

  private <T> Future<T> refused() {
    return Future.failedFuture(new WorkspaceFileException(WorkspaceFileException.Reason.FAILED, why));
  }

  @Override
  public Future<FileListing> list(WorkspacePath path, boolean recursive, int max) {
    return refused();
  }

  @Override
  public Future<FileEntry> stat(WorkspacePath path) {
    return refused();
  }

  @Override
  public Future<FileContent> read(WorkspacePath path, long maxBytes) {
    return refused();
  }

  @Override
  public Future<String> sha256(WorkspacePath path, long maxBytes) {
    return refused();
  }

  @Override
  public Future<FileEntry> write(WorkspacePath path, byte[] content) {
    return refused();
  }

  @Override
  public Future<FileEntry> copyIn(Path hostFile, WorkspacePath path) {
    return refused();
  }

  @Override
  public Future<Void> delete(WorkspacePath path) {
    return refused();
  }

  @Override
  public Future<WritableByteChannel> create(WorkspacePath path) {
    return refused();
  }

  @Override
  public Future<Map<WorkspacePath, FileEntry>> snapshot(int max) {
    return refused();
  }
}
