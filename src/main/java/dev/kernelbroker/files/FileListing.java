package dev.kernelbroker.files;

import java.util.List;

/** A folder's entries, and whether the bound on entries cut them short. */
public record FileListing(List<FileEntry> entries, boolean truncated) {
  public FileListing {
    entries = List.copyOf(entries);
  }
}
