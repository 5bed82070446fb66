package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.config.SandboxSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who owns the host folders behind /workspace, and what happens to a session's own folder. */
class WorkspaceFoldersTest {

  private static WorkspaceFolders folders(Path root, String mode, boolean keep) {
    SandboxSettings settings = BrokerConfig.from(Map.of("BROKER_WORKSPACE_DIR", root.toString(),
        "BROKER_WORKSPACE_MODE", mode, "BROKER_WORKSPACE_KEEP", Boolean.toString(keep))).sandbox();
    return new WorkspaceFolders(settings);
  }

  /** Skips on a developer's machine without root; in CI (variable CI set), which runs as root, never. */
  private static void requireRoot(String why) {
    if (System.getenv("CI") != null) {
      assertEquals(0, HostFiles.PROCESS_UID, why + ", and CI runs as root");
    } else {
      assumeTrue(HostFiles.PROCESS_UID == 0, "skipped: " + why);
    }
  }

  @Test
  void aRootOwnedFolderWithFilesIsRefusedAndAnEmptyOneIsHandedToTheSandboxUser(@TempDir Path dir) throws Exception {
    requireRoot("only root can make root-owned folders");
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("data.csv"), "a,b");
    SandboxException refused = assertThrows(SandboxException.class, () -> folders(full, "shared", false).prepare());
    assertTrue(refused.getMessage().contains("belongs to root and holds files"), refused.getMessage());
    assertTrue(refused.getMessage().contains("chown -R 1000:1000 " + full), refused.getMessage());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(new SandboxUser(1000, 1000), folders(empty, "shared", false).prepare());
    assertEquals(1000, HostFiles.uid(empty));
  }

  @Test
  void theSandboxRunsAsTheOwnerOfAFolderThatIsNotRoots(@TempDir Path dir) throws Exception {
    requireRoot("only root can give a folder away");
    Path owned = Files.createDirectories(dir.resolve("owned"));
    HostFiles.chown(owned, new SandboxUser(4242, 4343));
    assertEquals(new SandboxUser(4242, 4343), folders(owned, "per-session", false).prepare());
  }

  @Test
  void perSessionFoldersArePrivateFollowAReplacementAndGoWithTheirSession(@TempDir Path dir) throws Exception {
    WorkspaceFolders folders = folders(dir.resolve("ws"), "per-session", false);
    Path first = folders.allocate("kernel-broker-aaa");
    Path second = folders.allocate("kernel-broker-bbb");
    assertNotEquals(first, second);
    assertEquals(dir.resolve("ws").resolve("sessions").resolve("kernel-broker-aaa"), first);
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(first)));
    Files.writeString(first.resolve("notes.txt"), "kept");
    folders.handOver(first, second);
    folders.release(first);
    assertEquals("kept", Files.readString(second.resolve("notes.txt")));
    assertFalse(Files.exists(first));
    folders.release(second);
    assertFalse(Files.exists(second));
  }

  @Test
  void keptAndSharedFoldersStay(@TempDir Path dir) throws Exception {
    WorkspaceFolders kept = folders(dir.resolve("kept"), "per-session", true);
    Path session = kept.allocate("kernel-broker-ccc");
    Files.writeString(session.resolve("report.md"), "#");
    kept.release(session);
    assertTrue(Files.exists(session.resolve("report.md")));

    WorkspaceFolders shared = folders(dir.resolve("shared"), "shared", false);
    Path root = shared.allocate("kernel-broker-ddd");
    assertEquals(dir.resolve("shared"), root);
    Files.writeString(root.resolve("x"), "y");
    shared.release(root);
    assertTrue(Files.exists(root.resolve("x")));
  }
}
