package dev.kernelbroker.files;

import io.vertx.core.Future;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * One session's {@code /workspace}, seen from the broker. Every path is confined to it (see {@link WorkspacePath});
 * what this writes belongs to the sandbox's user. Answers on the caller's context; the work runs off the event loop.
 * {@link HostWorkspaceFiles} serves a folder bind-mounted from this host; a runtime whose workspaces live elsewhere
 * supplies its own.
 */
public interface WorkspaceFiles {
  /** A folder's entries (the folder itself when {@code path} is a file is not listed), at most {@code max}. */
  Future<FileListing> list(WorkspacePath path, boolean recursive, int max);

  Future<FileEntry> stat(WorkspacePath path);

  /** The whole file; fails with {@link WorkspaceFileException.Reason#TOO_LARGE} beyond {@code maxBytes}. */
  Future<FileContent> read(WorkspacePath path, long maxBytes);

  Future<String> sha256(WorkspacePath path, long maxBytes);

  /** Writes the file (and its missing folders), replacing what was there. */
  Future<FileEntry> write(WorkspacePath path, byte[] content);

  /** Copies a file of the broker's own (an upload received over HTTP) into the workspace. */
  Future<FileEntry> copyIn(Path hostFile, WorkspacePath path);

  /** Removes a file; a symbolic link is removed itself, never what it points at. */
  Future<Void> delete(WorkspacePath path);

  /**
   * Opens a new file for a writer that runs on worker threads (the output spill): its channel must be written and
   * closed off the event loop.
   */
  Future<WritableByteChannel> create(WorkspacePath path);

  /** Every file's size and modification time, at most {@code max} entries walked, for spotting what a call changed. */
  Future<Map<WorkspacePath, FileEntry>> snapshot(int max);
}
