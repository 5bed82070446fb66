package dev.kernelbroker.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.config.JobSettings;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.session.Language;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The definitions (names, texts, schemas) of the job tools, kept apart from what they do. */
final class JobToolSchemas {
  static final int DEFAULT_PAGE = 20_000;

  private JobToolSchemas() {}

  static ToolDefinition submit(Collection<Language> languages, Duration maxTimeout, JobSettings settings) {
    ObjectNode schema = object();
    ObjectNode props = schema.putObject("properties");
    ArrayNode names = props.putObject("language").put("type", "string")
        .put("description", "Which of this conversation's kernels runs the code.").putArray("enum");
    languageNames(languages).forEach(names::add);
    props.putObject("code").put("type", "string").put("description", "The code to run, as in one notebook cell.");
    props.putObject("timeout_seconds").put("type", "integer").put("minimum", 1).put("maximum", maxTimeout.toSeconds())
        .put("description", "Interrupt the job after this many seconds (default and maximum "
            + maxTimeout.toSeconds() + ").");
    schema.putArray("required").add("language").add("code");
    return new ToolDefinition("submit_job", "Start code as a background job and return at once with its job_id,"
        + " for work longer than you want to wait for (training, big downloads, long loops). The job runs in this"
        + " conversation's own kernel for that language, in order with your other code calls (later calls wait"
        + " for it), so what it defines is there afterwards. It keeps running if you disconnect, as long as the"
        + " session lives. Follow it with check_job_status, tail its output with get_job_logs, stop it with"
        + " cancel_job. Ended jobs are kept for " + describe(settings.retention()) + ", at most "
        + settings.maxPerSession() + " per session.", schema, JobTools.hints("Submit a job", false));
  }

  static ToolDefinition status() {
    return new ToolDefinition("check_job_status", "Show a job's status (queued, running, completed, failed or"
        + " cancelled), elapsed time, how much output it has printed so far and, once it ended, its full result"
        + " as execute_*_code would have returned it.", jobIdOnly(), JobTools.hints("Job status", true));
  }

  static ToolDefinition logs(int maxPage) {
    ObjectNode schema = jobIdOnly();
    ObjectNode props = (ObjectNode) schema.get("properties");
    props.putObject("offset").put("type", "integer").put("minimum", 0)
        .put("description", "Where to start, in characters of the job's output (stdout and stderr together);"
            + " pass the previous answer's next_offset to read on or to tail a running job. Default 0.");
    props.putObject("limit").put("type", "integer").put("minimum", 1).put("maximum", maxPage)
        .put("description", "At most this many characters (default " + Math.min(maxPage, DEFAULT_PAGE) + ").");
    props.putObject("stream").put("type", "string").put("description", "Only this stream's text (default all).")
        .putArray("enum").add("all").add("stdout").add("stderr");
    return new ToolDefinition("get_job_logs", "Read a job's output as it arrives, a page at a time: returns text,"
        + " next_offset, total_chars and whether more may come. Output beyond " + maxPage + " characters is cut"
        + " in the middle (the first and last halves are kept).", schema, JobTools.hints("Job logs", true));
  }

  static ToolDefinition cancel() {
    return new ToolDefinition("cancel_job", "Cancel a queued or running job. A running job's code is interrupted"
        + " like a timeout; the answer says whether the kernel kept its state (variables, imports).", jobIdOnly(),
        JobTools.hints("Cancel a job", false));
  }

  static List<String> languageNames(Collection<Language> languages) {
    return languages.stream().sorted().map(l -> l.name().toLowerCase(Locale.ROOT)).toList();
  }

  static Optional<String> unknownArgument(ObjectNode args, String... allowed) {
    List<String> names = List.of(allowed);
    for (Iterator<String> it = args.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        return Optional.of("unknown argument '" + name + "' (allowed: " + String.join(", ", names) + ")");
      }
    }
    return Optional.empty();
  }

  static String describe(Duration d) {
    return d.toHours() >= 2 ? d.toHours() + " h" : d.toMinutes() >= 2 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static ObjectNode jobIdOnly() {
    ObjectNode schema = object();
    schema.putObject("properties").putObject(JobTools.JOB_ID).put("type", "string")
        .put("description", "The job_id that submit_job returned (or a task id).");
    schema.putArray("required").add(JobTools.JOB_ID);
    return schema;
  }

  private static ObjectNode object() {
    return McpJson.object().put("type", "object").put("additionalProperties", false);
  }
}
