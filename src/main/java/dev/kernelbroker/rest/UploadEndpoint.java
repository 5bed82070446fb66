package dev.kernelbroker.rest;

import dev.kernelbroker.config.FileSettings;
import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.tools.SessionFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code POST /v1/upload} (multipart: {@code chat_id}, the file as {@code upload}, optional {@code path},
 * {@code max_downloads}, {@code expires_seconds}): puts the file into the chat's /workspace and answers its sha256,
 * by which {@code /v1/execute} and {@code /v1/files/{hash}} find it.
 */
final class UploadEndpoint implements RestEndpoint {
  static final String FIELD = "upload";

  private final Vertx vertx;
  private final ChatSessions chats;
  private final SessionFiles files;

  UploadEndpoint(Vertx vertx, ChatSessions chats, SessionFiles files) {
    this.vertx = vertx;
    this.chats = chats;
    this.files = files;
  }

  @Override
  public Future<Void> serve(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type"));
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      throw RestException.badRequest("the upload must be multipart/form-data with the file in field '" + FIELD + "'");
    }
    String chatId = ctx.request().getFormAttribute("chat_id");
    String owner = ChatSessions.key(chatId);
    List<FileUpload> uploads = ctx.fileUploads().stream().filter(u -> FIELD.equals(u.name())).toList();
    if (uploads.size() != 1) {
      throw RestException.badRequest("exactly one file is expected in field '" + FIELD + "', got " + uploads.size());
    }
    FileUpload upload = uploads.get(0);
    FileSettings limits = files.grants().settings();
    if (upload.size() > limits.maxFileBytes()) {
      throw WorkspaceFileException.tooLarge("The upload", upload.size(), limits.maxFileBytes(),
          "BROKER_MAX_FILE_BYTES");
    }
    int maxDownloads = integer(ctx, "max_downloads", 0, 0, Integer.MAX_VALUE);
    long expires = integer(ctx, "expires_seconds", (int) limits.defaultExpiry().toSeconds(), 1,
        (int) FileSettings.MAX_EXPIRY.toSeconds());
    String requested = ctx.request().getFormAttribute("path");
    WorkspacePath path = WorkspacePath.parse(requested != null && !requested.isBlank() ? requested
        : defaultName(upload.fileName()));
    KernelSession session = chats.obtain(chatId);
    Path received = Path.of(upload.uploadedFileName());
    return vertx.executeBlocking(() -> sha256(received), false)
        .compose(sha -> files.of(session).compose(ws -> ws.copyIn(received, path)).map(entry -> {
          Instant expiresAt = Instant.now().plus(Duration.ofSeconds(expires));
          files.grants().register(owner, sha, entry.path(), entry.size(), expiresAt, maxDownloads);
          RestReply.json(ctx, 201, describe(entry, sha, expiresAt, maxDownloads));
          return null;
        }));
  }

  private static JsonObject describe(FileEntry entry, String sha, Instant expiresAt, int maxDownloads) {
    return new JsonObject().put("hash", sha).put("sha256", sha).put("path", entry.path().sandboxPath())
        .put("size", entry.size()).put("mime_type", entry.mimeType()).put("expires_at", expiresAt.toString())
        .put("max_downloads", maxDownloads);
  }

  /** The client's own file name, without any folders it may carry. */
  private static String defaultName(String fileName) {
    String name = fileName == null ? "" : fileName.substring(Math.max(fileName.lastIndexOf('/'),
        fileName.lastIndexOf('\\')) + 1).strip();
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "upload.bin" : name;
  }

  private static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getFormAttribute(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw RestException.badRequest(name + " must be a whole number from " + min + " to " + max + ", got " + raw);
  }

  static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[64 * 1024];
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
