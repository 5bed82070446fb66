package dev.kernelbroker.files;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a workspace: a file, a folder, a symbolic link (listed, never followed), or something else the sandbox
 * made (a named pipe, a socket), which is listed but never opened: opening a pipe would wait for its other end.
 */
public record FileEntry(WorkspacePath path, Kind kind, long size, Instant modified) {
  public enum Kind { FILE, DIRECTORY, SYMLINK, SPECIAL }

  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(modified, "modified");
  }

  public boolean isFile() {
    return kind == Kind.FILE;
  }

  public String mimeType() {
    return MimeTypes.of(path.fileName());
  }
}
