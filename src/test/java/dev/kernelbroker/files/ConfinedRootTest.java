package dev.kernelbroker.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.files.WorkspaceFileException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Path confinement on a real folder, without a sandbox: what may be opened, and what is refused. */
class ConfinedRootTest {
  @TempDir
  Path tmp;

  private Path workspace() throws IOException {
    return Files.createDirectories(tmp.resolve("ws"));
  }

  private static Reason refusal(Executable call) {
    return assertThrows(WorkspaceFileException.class, call).reason();
  }

  @Test
  void pathsAreNormalisedAndEscapesRefused() {
    assertEquals("data/in.csv", WorkspacePath.parse("/workspace/data/./in.csv").relative());
    assertEquals("data/in.csv", WorkspacePath.parse("./data//in.csv").relative());
    assertTrue(WorkspacePath.parse("/workspace").isRoot());
    assertEquals(Reason.OUTSIDE, refusal(() -> WorkspacePath.parse("../../etc/passwd")));
    assertEquals(Reason.OUTSIDE, refusal(() -> WorkspacePath.parse("data/../../x")));
    assertEquals(Reason.OUTSIDE, refusal(() -> WorkspacePath.parse("/etc/passwd")));
    assertEquals(Reason.OUTSIDE, refusal(() -> WorkspacePath.parse("/workspacex/a")));
    assertEquals(Reason.INVALID, refusal(() -> WorkspacePath.parse("a\0b")));
    assertEquals("file:///workspace/out/a%20b.png", WorkspacePath.parse("out/a b.png").uri());
    assertEquals("out/a b.png", WorkspacePath.fromUri("file:///workspace/out/a%20b.png").relative());
    assertEquals(Reason.NOT_FOUND, refusal(() -> WorkspacePath.fromUri("file:///etc/passwd")));
  }

  @Test
  void aPipeTheSandboxMadeIsListedButNeverOpened() throws Exception {
    Path ws = workspace();
    Process mkfifo = new ProcessBuilder("mkfifo", ws.resolve("p").toString()).start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    ConfinedRoot root = new ConfinedRoot(ws);
    WorkspacePath pipe = WorkspacePath.parse("p");
    // Opening a pipe waits for its other end: a worker thread would block with no deadline.
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      assertEquals(Reason.NOT_A_FILE, refusal(() -> root.read(pipe, 100)));
      assertEquals(Reason.NOT_A_FILE, refusal(() -> root.create(pipe)));
    });
    FileEntry listed = root.list(WorkspacePath.parse(""), false, 10).entries().get(0);
    assertEquals(FileEntry.Kind.SPECIAL, listed.kind());
    assertFalse(listed.isFile());
  }

  @Test
  void writesCreateFoldersAndReadBack() throws IOException {
    ConfinedRoot root = new ConfinedRoot(workspace());
    byte[] bytes = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
    try (SeekableByteChannel channel = root.create(WorkspacePath.parse("data/in/x.csv"))) {
      channel.write(ByteBuffer.wrap(bytes));
    }
    assertArrayEquals(bytes, root.read(WorkspacePath.parse("/workspace/data/in/x.csv"), 100));
    assertEquals(Reason.TOO_LARGE, refusal(() -> root.read(WorkspacePath.parse("data/in/x.csv"), 3)));
    assertEquals(Reason.NOT_FOUND, refusal(() -> {
      try {
        root.read(WorkspacePath.parse("nope.txt"), 100);
      } catch (IOException e) {
        throw ConfinedRoot.translate(e, "nope.txt");
      }
    }));
    assertEquals(Reason.NOT_A_FILE, refusal(() -> root.read(WorkspacePath.parse("data"), 100)));
  }

  @Test
  void aLinkOutOfTheWorkspaceIsRefusedEveryWay() throws IOException {
    Path ws = workspace();
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(ws.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(ws.resolve("up"), Path.of("../secret.txt"));
    Files.createSymbolicLink(ws.resolve("host"), secret);
    ConfinedRoot root = new ConfinedRoot(ws);
    for (String path : List.of("etc/passwd", "up", "host", "etc")) {
      assertEquals(Reason.OUTSIDE, refusal(() -> root.read(WorkspacePath.parse(path), 1000)), path);
    }
    assertEquals(Reason.OUTSIDE, refusal(() -> root.create(WorkspacePath.parse("etc/evil"))));
    assertEquals(Reason.OUTSIDE, refusal(() -> root.create(WorkspacePath.parse("up"))));
    assertEquals("secret", Files.readString(secret), "nothing was written through the link");
    root.delete(WorkspacePath.parse("host"));
    assertFalse(Files.exists(ws.resolve("host"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertEquals("secret", Files.readString(secret), "deleting a link leaves its target");
    assertFalse(Files.exists(Path.of("/etc/evil")));
  }

  @Test
  void linksInsideTheWorkspaceAreFollowedAsTheSandboxSeesThem() throws IOException {
    Path ws = workspace();
    Files.createDirectories(ws.resolve("data"));
    Files.writeString(ws.resolve("data/real.txt"), "inside");
    Files.createSymbolicLink(ws.resolve("rel"), Path.of("data/real.txt"));
    Files.createSymbolicLink(ws.resolve("abs"), Path.of("/workspace/data/real.txt")); // a path in the sandbox
    Files.createSymbolicLink(ws.resolve("dir"), Path.of("data"));
    ConfinedRoot root = new ConfinedRoot(ws);
    for (String path : List.of("rel", "abs", "dir/real.txt")) {
      assertEquals("inside", new String(root.read(WorkspacePath.parse(path), 100), StandardCharsets.UTF_8), path);
    }
  }

  @Test
  void listingIsBoundedAndShowsLinksWithoutFollowingThem() throws IOException {
    Path ws = workspace();
    for (int i = 0; i < 30; i++) {
      Files.writeString(Files.createDirectories(ws.resolve("d" + (i % 3))).resolve("f" + i), "x".repeat(i));
    }
    Files.createSymbolicLink(ws.resolve("etc"), Path.of("/etc"));
    ConfinedRoot root = new ConfinedRoot(ws);
    FileListing top = root.list(WorkspacePath.ROOT, false, 100);
    assertEquals(List.of("d0", "d1", "d2", "etc"), top.entries().stream().map(e -> e.path().relative()).toList());
    assertEquals(FileEntry.Kind.SYMLINK, top.entries().get(3).kind());
    FileListing all = root.list(WorkspacePath.ROOT, true, 1000);
    assertEquals(34, all.entries().size());
    assertFalse(all.truncated());
    FileListing cut = root.list(WorkspacePath.ROOT, true, 10);
    assertEquals(10, cut.entries().size());
    assertTrue(cut.truncated());
    assertEquals(Reason.OUTSIDE, refusal(() -> root.list(WorkspacePath.parse("etc"), false, 10)));
  }
}
