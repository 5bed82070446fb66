package dev.kernelbroker.rest;

import dev.kernelbroker.notebook.NotebookWriter;
import dev.kernelbroker.session.KernelSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /v1/sessions/{chat_id}} and {@code GET /v1/sessions/{chat_id}/notebook}. */
final class SessionEndpoint {
  private final ChatSessions chats;

  SessionEndpoint(ChatSessions chats) {
    this.chats = chats;
  }

  Future<Void> delete(RoutingContext ctx) {
    String chatId = ctx.pathParam("chat_id");
    return chats.close(chatId).map(existed -> {
      RestReply.json(ctx, 200, new JsonObject().put("chat_id", chatId).put("closed", existed));
      return null;
    });
  }

  Future<Void> notebook(RoutingContext ctx) {
    String chatId = ctx.pathParam("chat_id");
    KernelSession session = chats.find(chatId)
        .orElseThrow(() -> RestException.notFound("chat " + chatId + " has no session (it never ran or has ended)"));
    ctx.response().putHeader("Content-Type", NotebookWriter.MIME_TYPE)
        .putHeader("Content-Disposition", "attachment; filename=\"" + chatId + ".ipynb\"")
        .end(NotebookWriter.write(session.history().snapshot()).encodePrettily());
    return Future.succeededFuture();
  }
}
