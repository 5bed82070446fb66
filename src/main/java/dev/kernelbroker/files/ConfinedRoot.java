package dev.kernelbroker.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Blocking file work confined to one host folder, the one a sandbox sees as {@code /workspace}. Symbolic links are
 * read as the sandbox would follow them ({@code /workspace/...} targets stay inside, anything else is refused), and
 * every open then walks the link-free path from the root one directory descriptor at a time with
 * {@code O_NOFOLLOW} ({@link SecureDirectoryStream}), so a link swapped in by the sandbox's code meanwhile makes the
 * open fail instead of leading out. Files and folders made here get the root folder's owner.
 */
final class ConfinedRoot {
  private static final int MAX_LINKS = 40;
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
      StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
  private static final boolean ROOT_PROCESS = processUid() == 0;

  private final Path root;

  ConfinedRoot(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The path with every symbolic link replaced by its target; refused when a link leads out of the workspace. */
  WorkspacePath resolveLinks(WorkspacePath path) throws IOException {
    Deque<String> pending = new ArrayDeque<>(path.names());
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      Path host = host(done).resolve(name);
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException missing) {
        done.add(name);
        done.addAll(pending); // to be created, or not found when opened
        break;
      }
      if (!attrs.isSymbolicLink()) {
        done.add(name);
        continue;
      }
      if (++hops > MAX_LINKS) {
        throw WorkspaceFileException.outside(path.sandboxPath(), "more than " + MAX_LINKS + " symbolic links");
      }
      String target = Files.readSymbolicLink(host).toString();
      List<String> resolved = new ArrayList<>(done);
      if (target.startsWith("/")) {
        if (!target.equals(WorkspacePath.MOUNT) && !target.startsWith(WorkspacePath.MOUNT + "/")) {
          throw WorkspaceFileException.outside(path.sandboxPath(), "a symbolic link leads to " + target);
        }
        resolved.clear();
        target = target.substring(WorkspacePath.MOUNT.length());
      }
      for (String part : target.split("/")) {
        if (part.equals("..")) {
          if (resolved.isEmpty()) {
            throw WorkspaceFileException.outside(path.sandboxPath(), "a symbolic link leads above /workspace");
          }
          resolved.remove(resolved.size() - 1);
        } else if (!part.isEmpty() && !part.equals(".")) {
          resolved.add(part);
        }
      }
      resolved.addAll(pending);
      pending = new ArrayDeque<>(resolved);
      done = new ArrayList<>();
    }
    return new WorkspacePath(String.join("/", done));
  }

  FileEntry stat(WorkspacePath path) throws IOException {
    WorkspacePath real = resolveLinks(path);
    if (real.isRoot()) {
      return new FileEntry(path, FileEntry.Kind.DIRECTORY, 0, Files.getLastModifiedTime(root).toInstant());
    }
    try (SecureDirectoryStream<Path> dir = openDir(real.parent().names(), false)) {
      return entry(dir, real.fileName(), path);
    }
  }

  /** The folder's entries, breadth first and sorted, at most {@code max} of them. */
  FileListing list(WorkspacePath path, boolean recursive, int max) throws IOException {
    WorkspacePath start = resolveLinks(path);
    List<FileEntry> entries = new ArrayList<>();
    Deque<WorkspacePath> folders = new ArrayDeque<>(List.of(start));
    boolean first = true;
    while (!folders.isEmpty()) {
      WorkspacePath folder = folders.removeFirst();
      List<FileEntry> here = new ArrayList<>();
      try (SecureDirectoryStream<Path> dir = openDir(folder.names(), false)) {
        for (Path child : dir) {
          String name = child.getFileName().toString();
          here.add(entry(dir, name, folder.child(name)));
          if (here.size() > max) {
            break; // a folder of millions of files costs no more than the bound
          }
        }
      } catch (NoSuchFileException | NotDirectoryException vanished) {
        if (first) {
          throw vanished;
        }
        continue; // removed or replaced while we walked: not ours to report
      }
      first = false;
      here.sort((a, b) -> a.path().relative().compareTo(b.path().relative()));
      for (FileEntry entry : here) {
        if (entries.size() == max) {
          return new FileListing(entries, true);
        }
        entries.add(entry);
        if (recursive && entry.kind() == FileEntry.Kind.DIRECTORY) {
          folders.add(entry.path());
        }
      }
    }
    return new FileListing(entries, false);
  }

  /** The file's bytes; refused when it is larger than {@code max}. */
  byte[] read(WorkspacePath path, long max) throws IOException {
    try (SeekableByteChannel channel = openFile(path, max)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size() + 1, max + 1));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read on: the file may be longer than it said
      }
      if (buffer.position() > max) {
        throw WorkspaceFileException.tooLarge(path.sandboxPath(), buffer.position(), max, "BROKER_MAX_FILE_BYTES");
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }

  /** The SHA-256 of the file, read as a stream; refused when it is larger than {@code max}. */
  String sha256(WorkspacePath path, long max) throws IOException {
    try (InputStream in = Channels.newInputStream(openFile(path, max))) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        total += n;
        if (total > max) {
          throw WorkspaceFileException.tooLarge(path.sandboxPath(), total, max, "BROKER_MAX_FILE_BYTES");
        }
        digest.update(chunk, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates (or truncates) the file, its missing folders too, owned like the root; the caller writes and closes. */
  SeekableByteChannel create(WorkspacePath path) throws IOException {
    WorkspacePath real = resolveLinks(path);
    if (real.isRoot()) {
      throw WorkspaceFileException.invalid("a file name is required, not the workspace itself");
    }
    try (SecureDirectoryStream<Path> dir = openDir(real.parent().names(), true)) {
      Path name = Path.of(real.fileName());
      if (exists(dir, name)) {
        FileEntry present = entry(dir, real.fileName(), path);
        if (!present.isFile()) { // a pipe opened for writing would wait for a reader, on a worker thread
          throw new WorkspaceFileException(WorkspaceFileException.Reason.NOT_A_FILE, path + " is a "
              + present.kind().name().toLowerCase(java.util.Locale.ROOT) + ", not a file");
        }
      }
      SeekableByteChannel channel = dir.newByteChannel(name, CREATE,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
      try {
        giveAway(dir, name);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      return channel;
    }
  }

  /** Removes a file (a link itself, never what it points at). */
  void delete(WorkspacePath path) throws IOException {
    WorkspacePath real = resolveLinks(path.parent()).child(path.fileName());
    try (SecureDirectoryStream<Path> dir = openDir(real.parent().names(), false)) {
      dir.deleteFile(Path.of(real.fileName()));
    }
  }

  private SeekableByteChannel openFile(WorkspacePath path, long max) throws IOException {
    WorkspacePath real = resolveLinks(path);
    if (real.isRoot()) {
      throw new WorkspaceFileException(WorkspaceFileException.Reason.NOT_A_FILE, path + " is a folder, not a file");
    }
    try (SecureDirectoryStream<Path> dir = openDir(real.parent().names(), false)) {
      FileEntry entry = entry(dir, real.fileName(), path);
      if (!entry.isFile()) {
        throw new WorkspaceFileException(WorkspaceFileException.Reason.NOT_A_FILE, path + " is a "
            + entry.kind().name().toLowerCase(java.util.Locale.ROOT) + ", not a file");
      }
      if (entry.size() > max) {
        throw WorkspaceFileException.tooLarge(path.sandboxPath(), entry.size(), max, "BROKER_MAX_FILE_BYTES");
      }
      return dir.newByteChannel(Path.of(real.fileName()), READ);
    }
  }

  private SecureDirectoryStream<Path> openDir(List<String> names, boolean create) throws IOException {
    DirectoryStream<Path> top = Files.newDirectoryStream(root);
    if (!(top instanceof SecureDirectoryStream<Path> dir)) {
      top.close();
      throw new WorkspaceFileException(WorkspaceFileException.Reason.FAILED,
          "this platform cannot open files relative to a folder (no openat), so files are not served");
    }
    List<String> walked = new ArrayList<>();
    try {
      for (String name : names) {
        Path child = Path.of(name);
        if (create && !exists(dir, child)) {
          // No mkdirat in the JDK: the folder is made by path, once the path is seen to lead where the descriptors
          // do, then opened without following links. A link swapped in at that instant could still place an empty
          // folder elsewhere; nothing is ever written through it.
          Path parent = host(walked);
          if (!parent.toRealPath().equals(root.toRealPath().resolve(String.join("/", walked)).normalize())) {
            throw WorkspaceFileException.outside("/workspace/" + String.join("/", walked), "it changed while a"
                + " folder was made in it");
          }
          try {
            Files.createDirectory(parent.resolve(name));
            giveAway(dir, child);
          } catch (FileAlreadyExistsException raced) {
            // made meanwhile: opened below like any folder
          }
        }
        SecureDirectoryStream<Path> next = dir.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS);
        dir.close();
        dir = next;
        walked.add(name);
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  private static boolean exists(SecureDirectoryStream<Path> dir, Path name) {
    try {
      dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static FileEntry entry(SecureDirectoryStream<Path> dir, String name, WorkspacePath shown)
      throws IOException {
    BasicFileAttributes attrs = dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS).readAttributes();
    FileEntry.Kind kind = attrs.isSymbolicLink() ? FileEntry.Kind.SYMLINK
        : attrs.isDirectory() ? FileEntry.Kind.DIRECTORY
        : attrs.isRegularFile() ? FileEntry.Kind.FILE : FileEntry.Kind.SPECIAL;
    return new FileEntry(shown, kind, attrs.isRegularFile() ? attrs.size() : 0, attrs.lastModifiedTime().toInstant());
  }

  /** A root broker's files would be root's, which the sandbox could not change: they get the workspace's owner. */
  private void giveAway(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    if (!ROOT_PROCESS) {
      return;
    }
    int uid = (Integer) Files.getAttribute(root, "unix:uid");
    int gid = (Integer) Files.getAttribute(root, "unix:gid");
    if (uid == 0) {
      return;
    }
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = dir.getFileAttributeView(name, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    view.setOwner(users.lookupPrincipalByName(Integer.toString(uid)));
    view.setGroup(users.lookupPrincipalByGroupName(Integer.toString(gid)));
  }

  private Path host(List<String> names) {
    Path p = root;
    for (String name : names) {
      p = p.resolve(name);
    }
    return p;
  }

  private static int processUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** What an I/O failure means to the caller. */
  static WorkspaceFileException translate(IOException e, String path) {
    if (e instanceof NoSuchFileException) {
      return WorkspaceFileException.notFound(path);
    }
    if (e instanceof NotDirectoryException) {
      return new WorkspaceFileException(WorkspaceFileException.Reason.NOT_A_FILE, path + ": a part of the path"
          + " is not a folder");
    }
    if (e instanceof FileSystemException fs && String.valueOf(fs.getReason()).contains("symbolic links")) {
      return WorkspaceFileException.outside(path, "a symbolic link appeared while it was opened");
    }
    return new WorkspaceFileException(WorkspaceFileException.Reason.FAILED, path + ": " + e);
  }
}
