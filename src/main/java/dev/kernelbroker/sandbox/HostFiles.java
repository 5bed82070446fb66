package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Ownership and modes of host folders the broker shares with sandboxes. */
final class HostFiles {
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
}
