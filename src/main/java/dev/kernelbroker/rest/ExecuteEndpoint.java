package dev.kernelbroker.rest;

import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.mcp.transport.McpHttpServer;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.tools.CellRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/execute}: runs {@code source_code} in the chat's kernel for {@code language}, after copying in the
 * files named by hash and setting {@code env}; answers what it printed and the files it made, by hash.
 */
final class ExecuteEndpoint implements RestEndpoint {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final ChatSessions chats;
  private final CellRunner runner;
  private final ExecutionSettings limits;

  ExecuteEndpoint(ChatSessions chats, CellRunner runner, ExecutionSettings limits) {
    this.chats = chats;
    this.runner = runner;
    this.limits = limits;
  }

  @Override
  public Future<Void> serve(RoutingContext ctx) {
    JsonObject body = RestEndpoint.jsonBody(ctx);
    Object code = body.getValue("source_code");
    if (!(code instanceof String source)) {
      throw RestException.badRequest("source_code is required and must be a string");
    }
    Language language = language(body.getValue("language"));
    String chatId = body.getValue("chat_id") instanceof String id ? id : null;
    String owner = ChatSessions.key(chatId);
    Duration timeout = timeout(body.getValue("timeout_seconds"));
    JsonObject files = object(body, "files");
    JsonObject env = object(body, "env");
    env.forEach(e -> {
      if (!ENV_NAME.matcher(e.getKey()).matches() || !(e.getValue() instanceof String)) {
        throw RestException.badRequest("env maps names ([A-Za-z_][A-Za-z0-9_]*) to strings; " + e.getKey()
            + " is not that");
      }
    });
    files.forEach(e -> {
      if (!(e.getValue() instanceof String)) {
        throw RestException.badRequest("files maps /workspace paths to the sha256 of an upload; " + e.getKey()
            + " is not that");
      }
      WorkspacePath.parse(e.getKey());
    });
    KernelSession session = chats.obtain(chatId);
    session.chargeTo(McpHttpServer.clientOf(ctx));
    return runner.files().of(session)
        .compose(workspace -> copyIn(workspace, owner, files))
        .compose(v -> setEnv(session, language, env))
        .compose(v -> runner.run(session, language, source, timeout, null, cancel -> { }))
        .compose(outcome -> new ExecuteAnswer(runner.files(), owner).of(outcome))
        .map(answer -> {
          RestReply.json(ctx, 200, answer);
          return null;
        });
  }

  /** Each input file is a copy of an upload of this chat, found by its hash, put where the caller asked. */
  private Future<Void> copyIn(WorkspaceFiles workspace, String owner, JsonObject files) {
    FileGrants grants = runner.files().grants();
    Future<Void> done = Future.succeededFuture();
    for (Map.Entry<String, Object> e : files) {
      WorkspacePath target = WorkspacePath.parse(e.getKey());
      String hash = (String) e.getValue();
      FileGrants.Grant grant = grants.find(owner, hash).orElseThrow(() -> RestException.notFound(
          "files: no upload with sha256 " + hash + " in this chat (upload it first with POST /v1/upload)"));
      done = done.compose(v -> grant.path().equals(target) ? Future.succeededFuture()
          : workspace.read(grant.path(), grants.settings().maxFileBytes())
              .compose(content -> workspace.write(target, content.bytes())).mapEmpty());
    }
    return done;
  }

  /** Environment variables go into the kernel's own environment before the code runs, and stay for later calls. */
  private Future<Void> setEnv(KernelSession session, Language language, JsonObject env) {
    if (env.isEmpty()) {
      return Future.succeededFuture();
    }
    StringBuilder code = new StringBuilder();
    if (language == Language.BASH) {
      env.forEach(e -> code.append("export ").append(e.getKey()).append("='")
          .append(((String) e.getValue()).replace("'", "'\\''")).append("'\n"));
    } else if (language == Language.PYTHON) {
      code.append("import os as _kb_os\n_kb_os.environ.update(").append(env.encode()).append(")\ndel _kb_os\n");
    } else if (language == Language.JAVASCRIPT) {
      code.append("Object.assign(process.env, ").append(env.encode()).append(");\nundefined\n");
    } else {
      throw RestException.badRequest("env is not supported for language " + language.wireName());
    }
    // The broker's own cell, as the package check is: no In[n], no call of its own in the accounting.
    ExecuteRequest prelude = new ExecuteRequest(code.toString(), Duration.ofSeconds(30), null, null, false);
    return session.execute(language, prelude, cancel -> { })
        .compose(result -> result.status() == ExecutionStatus.OK ? Future.succeededFuture()
            : Future.failedFuture(new RestException(500, "env_failed", "Setting env failed: " + result.summary())));
  }

  private static Language language(Object value) {
    if (value == null) {
      return Language.PYTHON;
    }
    return Language.fromWire(value instanceof String s ? s : "").orElseThrow(() -> RestException.badRequest(
        "language must be one of " + Arrays.stream(Language.values()).map(Language::wireName).toList()
            + ", got " + value));
  }

  private Duration timeout(Object value) {
    if (value == null) {
      return limits.defaultTimeout();
    }
    long max = limits.maxTimeout().toSeconds();
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > max) {
      throw RestException.badRequest("timeout_seconds must be a whole number from 1 to " + max + ", got " + value);
    }
    return Duration.ofSeconds(((Number) value).longValue());
  }

  private static JsonObject object(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject o)) {
      throw RestException.badRequest(name + " must be a JSON object");
    }
    return o;
  }
}
