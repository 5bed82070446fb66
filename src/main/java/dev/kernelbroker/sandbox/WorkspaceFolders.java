package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.config.WorkspaceMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host folders sandboxes see as {@code /workspace}: the root itself in shared mode, or one subfolder per session.
 * Decides the user sandboxes run as, so that what they write belongs to the root folder's owner. Blocking: call
 * from worker threads.
 */
public final class WorkspaceFolders {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFolders.class);
  private static final String SESSIONS = "sessions";

  private final SandboxSettings settings;
  private SandboxUser user;
  private boolean local;

  public WorkspaceFolders(SandboxSettings settings) {
    this.settings = settings;
  }

  public WorkspaceMode mode() {
    return settings.workspaceMode();
  }

  /** Creates or checks the root folder; refuses one the sandbox could not write, saying what to do. */
  public synchronized SandboxUser prepare() {
    if (user == null) {
      user = prepareRoot(settings.workspaceDir());
    }
    return user;
  }

  /** The local runtime runs Jupyter as this process's own user: the root folder only has to exist. */
  synchronized void prepareLocal() {
    try {
      Files.createDirectories(settings.workspaceDir());
    } catch (IOException e) {
      throw new SandboxException("cannot create the workspace folder " + settings.workspaceDir()
          + " (BROKER_WORKSPACE_DIR): " + e, e);
    }
    local = true; // folders are made by, and belong to, this process
  }

  private SandboxUser prepareRoot(Path root) {
    try {
      boolean created = !Files.isDirectory(root);
      if (created) {
        Files.createDirectories(root);
      }
      int owner = HostFiles.uid(root);
      if (owner != 0) {
        return new SandboxUser(owner, HostFiles.gid(root));
      }
      if (HostFiles.PROCESS_UID == 0 && (created || isEmpty(root))) {
        // A folder only the broker made or nobody uses yet: hand it to the image's sandbox user.
        HostFiles.chown(root, SandboxUser.IMAGE_DEFAULT);
        LOG.info("Workspace folder {} handed to uid {} so the sandbox, which never runs as root, can write to it",
            root, SandboxUser.IMAGE_DEFAULT.uid());
        return SandboxUser.IMAGE_DEFAULT;
      }
      throw new SandboxException("BROKER_WORKSPACE_DIR=" + root + " belongs to root" + (isEmpty(root) ? ""
          : " and holds files") + ", and the sandbox never runs as root, so it could not write there. Give the"
          + " folder to the user who should own the files (for example: chown -R 1000:1000 " + root + ") or set"
          + " BROKER_WORKSPACE_DIR to a folder that user owns");
    } catch (IOException | UncheckedIOException e) {
      throw new SandboxException("cannot prepare the workspace folder " + root + " (BROKER_WORKSPACE_DIR): " + e, e);
    }
  }

  /** The folder a new sandbox gets as {@code /workspace}. */
  public Path allocate(String sandboxName) {
    SandboxUser owner;
    synchronized (this) {
      owner = local ? null : prepare();
    }
    if (settings.workspaceMode() == WorkspaceMode.SHARED) {
      return settings.workspaceDir();
    }
    Path dir = settings.workspaceDir().resolve(SESSIONS).resolve(sandboxName);
    HostFiles.privateFolder(dir.getParent(), owner, false);
    HostFiles.privateFolder(dir, owner, true);
    return dir;
  }

  /** After a session's sandbox was replaced: its files follow it into the new sandbox's folder. */
  public void handOver(Path from, Path to) {
    if (from.equals(to) || !Files.isDirectory(from)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
      for (Path entry : entries) {
        Files.move(entry, to.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      LOG.warn("Could not move every file from {} to {}: {}", from, to, e.toString());
    }
  }

  /** At the end of a session: its own folder goes, unless the settings keep it (an empty one always goes). */
  public void release(Path dir) {
    if (settings.workspaceMode() == WorkspaceMode.SHARED || !dir.startsWith(settings.workspaceDir())) {
      return;
    }
    try {
      if (settings.keepSessionWorkspaces() && Files.isDirectory(dir) && !isEmpty(dir)) {
        LOG.info("Session workspace {} kept (BROKER_WORKSPACE_KEEP=true)", dir);
        return;
      }
      deleteTree(dir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not remove the session workspace {}: {}", dir, e.toString());
    }
  }

  /** Removes {@code dir} and everything in it; one that does not exist is already gone. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
