package dev.kernelbroker.rest;

import dev.kernelbroker.config.FileSettings;
import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.FileGrants;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.tools.CellRunner;
import dev.kernelbroker.tools.UsageJson;
import dev.kernelbroker.tools.SessionFiles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer of {@code POST /v1/execute}: stdout, stderr, an exit code, the last expression's value, images, and the
 * files the cell created or changed by hash (each registered for {@code GET /v1/files/{hash}}).
 */
final class ExecuteAnswer {
  private static final Pattern EXIT_STATUS = Pattern.compile("exit status (\\d+)");

  private final FileGrants grants;
  private final FileSettings limits;
  private final String owner;

  ExecuteAnswer(SessionFiles files, String owner) {
    this.grants = files.grants();
    this.limits = grants.settings();
    this.owner = owner;
  }

  Future<JsonObject> of(CellRunner.Outcome outcome) {
    ExecutionResult result = outcome.result();
    JsonObject answer = outputs(result);
    answer.put("usage", new JsonObject(UsageJson.call(outcome.usage()).toString()));
    List<FileEntry> changed = outcome.changed().stream().filter(FileEntry::isFile).limit(limits.maxFilesPerCall())
        .toList();
    JsonObject files = new JsonObject();
    JsonArray details = new JsonArray();
    answer.put("files", files).put("file_details", details);
    if (outcome.changed().size() > changed.size()) {
      answer.getJsonArray("notices").add(outcome.changed().size() + " files were created or changed; the first "
          + limits.maxFilesPerCall() + " are listed (BROKER_MAX_FILES_PER_CALL).");
    }
    Future<Void> done = Future.succeededFuture();
    for (FileEntry entry : changed) {
      done = done.compose(v -> describe(outcome.files(), entry)).map(detail -> {
        if (detail.getString("sha256") != null) {
          files.put(entry.path().sandboxPath(), detail.getString("sha256"));
        }
        details.add(detail);
        return null;
      });
    }
    if (outcome.spill() != null) {
      done = done.compose(v -> describe(outcome.files(), outcome.spill())).map(detail -> {
        answer.put("output_file", detail);
        return null;
      });
    }
    return done.map(answer);
  }

  /** A file's hash and size, registered for download; a file over the cap is described without a hash. */
  private Future<JsonObject> describe(WorkspaceFiles workspace, FileEntry entry) {
    JsonObject detail = new JsonObject().put("path", entry.path().sandboxPath()).put("size", entry.size())
        .put("mime_type", entry.mimeType());
    return workspace.sha256(entry.path(), limits.maxFileBytes()).map(sha -> {
      Instant expires = Instant.now().plus(limits.defaultExpiry());
      grants.register(owner, sha, entry.path(), entry.size(), expires, 0);
      return detail.put("sha256", sha).put("expires_at", expires.toString())
          .put("download_url", "/v1/files/" + sha + "?chat_id=" + owner.substring(ChatSessions.PREFIX.length()));
    }).otherwise(e -> detail.putNull("sha256").put("note", e.getMessage()));
  }

  private static JsonObject outputs(ExecutionResult result) {
    StringBuilder stdout = new StringBuilder();
    StringBuilder stderr = new StringBuilder();
    JsonArray images = new JsonArray();
    JsonArray notices = new JsonArray();
    JsonObject answer = new JsonObject();
    Output.ErrorOutput error = null;
    for (Output output : result.outputs()) {
      if (output instanceof Output.StreamOutput s) {
        (Output.StreamOutput.STDERR.equals(s.name()) ? stderr : stdout).append(s.text());
      } else if (output instanceof Output.RichOutput r) {
        r.data().entrySet().stream().filter(e -> e.getKey().startsWith("image/") && !e.getKey().contains("svg"))
            .findFirst().ifPresent(e -> images.add(new JsonObject().put("mime_type", e.getKey())
                .put("data", e.getValue())));
        if (r.kind() == Output.RichOutput.Kind.RESULT) {
          answer.put("result", r.data().get("text/plain"));
        }
      } else if (output instanceof Output.ErrorOutput e) {
        error = e;
      } else if (output instanceof Output.NoticeOutput n) {
        notices.add(n.text());
      }
    }
    answer.put("stdout", stdout.toString()).put("stderr", stderr.toString())
        .put("exit_code", exitCode(result, error)).put("images", images).put("notices", notices)
        .put("status", result.status().name().toLowerCase(Locale.ROOT)).put("state_kept", result.stateKept())
        .put("execution_count", result.executionCount()).put("duration_ms", result.wallTime().toMillis())
        .put("summary", result.summary());
    if (!answer.containsKey("result")) {
      answer.putNull("result");
    }
    if (error != null) {
      answer.put("error", new JsonObject().put("name", error.ename()).put("value", error.evalue())
          .put("traceback", new JsonArray(new ArrayList<>(error.traceback()))));
    }
    return answer;
  }

  /** 0 for a clean run, Bash's own status, 1 for an exception, 124 on timeout, 130 if cancelled, 137 if it died. */
  static int exitCode(ExecutionResult result, Output.ErrorOutput error) {
    return switch (result.status()) {
      case OK -> 0;
      case TIMEOUT -> 124;
      case CANCELLED -> 130;
      case KERNEL_DIED -> 137;
      case ERROR -> {
        Matcher m = error == null ? null : EXIT_STATUS.matcher(error.evalue());
        yield m != null && "BashError".equals(error.ename()) && m.matches() ? Integer.parseInt(m.group(1)) : 1;
      }
    };
  }
}
