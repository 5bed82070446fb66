package dev.kernelbroker.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** A workspace that is a folder on this host (the sandbox's bind mount); each operation runs on a worker thread. */
public final class HostWorkspaceFiles implements WorkspaceFiles {
  private final Vertx vertx;
  private final ConfinedRoot root;
  private final Runnable onWrite;

  public HostWorkspaceFiles(Vertx vertx, Path folder) {
    this(vertx, folder, () -> { });
  }

  /** {@code onWrite} runs as each write, copy, delete or create begins and again once it is done. */
  public HostWorkspaceFiles(Vertx vertx, Path folder, Runnable onWrite) {
    this.vertx = vertx;
    this.root = new ConfinedRoot(folder);
    this.onWrite = onWrite;
  }

  @Override
  public Future<FileListing> list(WorkspacePath path, boolean recursive, int max) {
    return blocking(path, () -> root.list(path, recursive, max));
  }

  @Override
  public Future<FileEntry> stat(WorkspacePath path) {
    return blocking(path, () -> root.stat(path));
  }

  @Override
  public Future<FileContent> read(WorkspacePath path, long maxBytes) {
    return blocking(path, () -> new FileContent(path, MimeTypes.of(path.fileName()), root.read(path, maxBytes)));
  }

  @Override
  public Future<String> sha256(WorkspacePath path, long maxBytes) {
    return blocking(path, () -> root.sha256(path, maxBytes));
  }

  @Override
  public Future<FileEntry> write(WorkspacePath path, byte[] content) {
    return writing(path, () -> {
      try (SeekableByteChannel channel = root.create(path)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      return root.stat(path);
    });
  }

  @Override
  public Future<FileEntry> copyIn(Path hostFile, WorkspacePath path) {
    return writing(path, () -> {
      try (InputStream in = Files.newInputStream(hostFile);
          OutputStream out = Channels.newOutputStream(root.create(path))) {
        in.transferTo(out);
      }
      return root.stat(path);
    });
  }

  @Override
  public Future<Void> delete(WorkspacePath path) {
    return writing(path, () -> {
      root.delete(path);
      return null;
    });
  }

  @Override
  public Future<WritableByteChannel> create(WorkspacePath path) {
    return writing(path, () -> root.create(path));
  }

  @Override
  public Future<Map<WorkspacePath, FileEntry>> snapshot(int max) {
    return blocking(WorkspacePath.ROOT, () -> {
      Map<WorkspacePath, FileEntry> files = new LinkedHashMap<>();
      root.list(WorkspacePath.ROOT, true, max).entries().stream().filter(FileEntry::isFile)
          .forEach(e -> files.put(e.path(), e));
      return files;
    });
  }

  private <T> Future<T> writing(WorkspacePath path, Callable<T> work) {
    onWrite.run();
    return blocking(path, work).andThen(done -> onWrite.run());
  }

  private <T> Future<T> blocking(WorkspacePath path, Callable<T> work) {
    return vertx.executeBlocking(() -> {
      try {
        return work.call();
      } catch (IOException e) {
        throw ConfinedRoot.translate(e, path.sandboxPath());
      }
    }, false);
  }
}
