package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host folder shared with the sandbox as {@code /workspace}. */
final class Workspace {
  private static final int SANDBOX_UID = 1000;

  private Workspace() {}

  /** Creates it if missing; a broker running as root hands a new folder to the sandbox user so it can write. */
  static void prepare(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      Files.createDirectories(dir);
      if ("root".equals(System.getProperty("user.name"))) {
        Files.setAttribute(dir, "unix:uid", SANDBOX_UID);
        Files.setAttribute(dir, "unix:gid", SANDBOX_UID);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new SandboxException("cannot create the workspace folder " + dir + " (BROKER_WORKSPACE_DIR): " + e, e);
    }
  }
}
