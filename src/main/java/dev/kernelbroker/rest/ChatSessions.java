package dev.kernelbroker.rest;

import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.KernelSessionRegistry;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * REST callers name their sessions ({@code chat_id}); each lives in the broker's session registry under
 * {@code rest:<chat_id>}. MCP session ids are hex and never hold a colon, so a chat and an MCP session can never
 * share kernels, a sandbox or files.
 */
final class ChatSessions {
  static final String PREFIX = "rest:";
  private static final Pattern CHAT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final KernelSessionRegistry registry;
  private final FileGrants grants;
  private final java.util.Set<String> bound = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ChatSessions(KernelSessionRegistry registry, FileGrants grants) {
    this.registry = registry;
    this.grants = grants;
  }

  /** The registry key of a chat; refuses a missing or malformed id. */
  static String key(String chatId) {
    if (chatId == null || chatId.isBlank()) {
      throw RestException.badRequest("chat_id is required: it names the session (its kernels and files)");
    }
    if (!CHAT_ID.matcher(chatId).matches()) {
      throw RestException.badRequest("chat_id must be 1 to 128 letters, digits, '.', '_' or '-', got " + chatId);
    }
    return PREFIX + chatId;
  }

  /** The chat's session, made if it has none; its registered hashes go when it ends, however it ends. */
  KernelSession obtain(String chatId) {
    String key = key(chatId);
    KernelSession session = registry.obtain(key);
    if (bound.add(key)) {
      session.onClose(() -> {
        bound.remove(key);
        grants.forget(key);
      });
    }
    return session;
  }

  Optional<KernelSession> find(String chatId) {
    return registry.find(key(chatId));
  }

  FileGrants grants() {
    return grants;
  }

  /** Ends the chat's session: kernels, sandbox, files (per the workspace settings), registered hashes. */
  Future<Boolean> close(String chatId) {
    String key = key(chatId);
    boolean existed = registry.find(key).isPresent();
    grants.forget(key);
    return registry.close(key).map(existed);
  }
}
