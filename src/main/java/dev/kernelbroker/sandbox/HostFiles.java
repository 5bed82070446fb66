package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ownership and modes of host folders the broker shares with sandboxes. */
final class HostFiles {
  private static final Logger LOG = LoggerFactory.getLogger(HostFiles.class);
  /** This process's uid, read once: it does not change while the broker runs. */
  static final int PROCESS_UID = readProcessUid();

  private HostFiles() {}

  /** Read from /proc (Linux); -1 elsewhere, where folders are not handed over. */
  private static int readProcessUid() {
    try {
      return uid(Path.of("/proc/self"));
    } catch (IOException | UnsupportedOperationException | UncheckedIOException e) {
      return -1;
    }
  }

  static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid");
  }

  static int gid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:gid");
  }

  static void chown(Path path, SandboxUser user) throws IOException {
    Files.setAttribute(path, "unix:uid", user.uid());
    Files.setAttribute(path, "unix:gid", user.gid());
  }

  /**
   * Creates {@code dir} if missing, owned by the sandbox user (if any) when this process may give it away (root), and
   * readable by its owner only when {@code ownerOnly}.
   */
  static void privateFolder(Path dir, SandboxUser owner, boolean ownerOnly) {
    try {
      Files.createDirectories(dir);
      if (owner != null && PROCESS_UID == 0 && uid(dir) != owner.uid()) {
        chown(dir, owner);
      }
      if (ownerOnly) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new SandboxException("cannot prepare the folder " + dir + " for a sandbox: " + e, e);
    }
  }

  /** Sets the file's time to now, creating it if needed; a failure only costs a heartbeat, so it is logged. */
  static void touch(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    } catch (IOException e) {
      LOG.debug("heartbeat {} not written: {}", file, e.toString());
    }
  }

  /** Removes a folder the broker made for a sandbox; one left behind is only clutter, so a failure is logged. */
  static void deleteQuietly(Path dir) {
    try {
      WorkspaceFolders.deleteTree(dir);
    } catch (IOException e) {
      LOG.debug("could not remove {}: {}", dir, e.toString());
    }
  }
}
