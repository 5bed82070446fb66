package dev.kernelbroker.rest;

import dev.kernelbroker.files.FileContent;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.WorkspaceFileException;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.tools.SessionFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/files/{hash}?chat_id=…} and {@code POST /v1/download {chat_id, hash}}: a file the chat uploaded or
 * a cell of it made, by sha256, while it has not expired or run out of downloads, within the session's budget.
 */
final class DownloadEndpoint {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Vertx vertx;
  private final ChatSessions chats;
  private final SessionFiles files;

  DownloadEndpoint(Vertx vertx, ChatSessions chats, SessionFiles files) {
    this.vertx = vertx;
    this.chats = chats;
    this.files = files;
  }

  Future<Void> byPath(RoutingContext ctx) {
    return send(ctx, ctx.queryParams().get("chat_id"), ctx.pathParam("hash"));
  }

  Future<Void> byBody(RoutingContext ctx) {
    JsonObject body = RestEndpoint.jsonBody(ctx);
    return send(ctx, body.getValue("chat_id") instanceof String c ? c : null,
        body.getValue("hash") instanceof String h ? h : null);
  }

  private Future<Void> send(RoutingContext ctx, String chatId, String hash) {
    String owner = ChatSessions.key(chatId);
    if (hash == null || !SHA256.matcher(hash).matches()) {
      throw RestException.badRequest("hash must be a sha256 in lower-case hex, as /v1/upload and /v1/execute give");
    }
    FileGrants grants = files.grants();
    FileGrants.Grant grant = grants.find(owner, hash)
        .orElseThrow(() -> RestException.notFound("no file with hash " + hash + " in chat " + chatId));
    KernelSession session = chats.find(chatId)
        .orElseThrow(() -> RestException.notFound("chat " + chatId + " has ended; its files are gone"));
    // The bytes sent are the bytes hashed; hashing up to BROKER_MAX_FILE_BYTES is work for a worker thread.
    return files.of(session).compose(ws -> ws.read(grant.path(), grants.settings().maxFileBytes()))
        .compose(content -> vertx.executeBlocking(() -> sha256(content.bytes()), false)
            .map(actual -> answer(ctx, owner, hash, grant, content, actual)));
  }

  private Void answer(RoutingContext ctx, String owner, String hash, FileGrants.Grant grant, FileContent content,
      String actual) {
    if (!actual.equals(hash)) {
      throw new WorkspaceFileException(WorkspaceFileException.Reason.EXPIRED, grant.path() + " has changed since"
          + " it was registered with hash " + hash);
    }
    files.grants().download(owner, hash, content.bytes().length);
    ctx.response().putHeader("Content-Type", content.mimeType())
        .putHeader("Content-Disposition", "attachment; filename=\"" + grant.path().fileName().replace("\"", "")
            + "\"")
        .putHeader("X-Content-SHA256", hash)
        .end(Buffer.buffer(content.bytes()));
    return null;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
