package dev.kernelbroker.files;

import java.time.Instant;
import java.util.Objects;

/** One entry of a workspace: a file, a folder or a symbolic link (listed, never followed). */
public record FileEntry(WorkspacePath path, Kind kind, long size, Instant modified) {
  public enum Kind { FILE, DIRECTORY, SYMLINK }

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
