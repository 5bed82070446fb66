package dev.kernelbroker.notebook;

import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.session.CellHistory;
import dev.kernelbroker.session.Language;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A session's cells as an nbformat 4.5 notebook that JupyterLab opens with its Python kernel. A Bash cell keeps its
 * language in two ways: its source starts with the {@code %%bash} cell magic, so it runs as Bash there too, and its
 * metadata says {@code kernel_broker.language: "bash"} for tools that read the notebook.
 */
public final class NotebookWriter {
  public static final String MIME_TYPE = "application/x-ipynb+json";
  static final String BASH_MAGIC = "%%bash\n";

  private NotebookWriter() {}

  public static JsonObject write(CellHistory.Snapshot history) {
    JsonArray cells = new JsonArray();
    if (history.dropped() > 0) {
      cells.add(new JsonObject().put("cell_type", "markdown").put("id", "kb-dropped").put("metadata", new JsonObject())
          .put("source", "*" + history.dropped() + " earlier cells were left out: the broker keeps the last "
              + CellHistory.MAX_CELLS + " cells and " + (CellHistory.MAX_CHARS >> 20) + " Mi characters of each"
              + " session.*"));
    }
    int n = 0;
    for (CellHistory.Cell cell : history.cells()) {
      cells.add(code(cell, "kb-" + ++n));
    }
    return new JsonObject()
        .put("nbformat", 4).put("nbformat_minor", 5)
        .put("metadata", new JsonObject()
            .put("kernelspec", new JsonObject().put("name", Language.PYTHON.kernelSpec())
                .put("display_name", "Python 3").put("language", "python"))
            .put("language_info", new JsonObject().put("name", "python")))
        .put("cells", cells);
  }

  private static JsonObject code(CellHistory.Cell cell, String id) {
    JsonArray outputs = new JsonArray();
    cell.outputs().forEach(o -> outputs.add(output(o)));
    String source = cell.language() == Language.PYTHON ? cell.source() : magic(cell.language()) + cell.source();
    return new JsonObject().put("cell_type", "code").put("id", id)
        .put("metadata", new JsonObject().put("kernel_broker", new JsonObject()
            .put("language", cell.language().wireName())))
        .put("execution_count", cell.executionCount())
        .put("source", source)
        .put("outputs", outputs);
  }

  /** The IPython cell magic that runs a cell of this language from a Python notebook. */
  private static String magic(Language language) {
    return "%%" + language.wireName() + "\n";
  }

  private static JsonObject output(Output output) {
    if (output instanceof Output.StreamOutput s) {
      return stream(s.name(), s.text());
    }
    if (output instanceof Output.RichOutput r) {
      JsonObject data = new JsonObject();
      for (Map.Entry<String, String> e : r.data().entrySet()) {
        if (e.getKey().equals("application/json")) {
          json(e.getValue(), data);
        } else {
          data.put(e.getKey(), e.getValue());
        }
      }
      JsonObject out = new JsonObject().put("data", data).put("metadata", new JsonObject());
      return r.kind() == Output.RichOutput.Kind.RESULT
          ? out.put("output_type", "execute_result").put("execution_count", r.executionCount())
          : out.put("output_type", "display_data");
    }
    if (output instanceof Output.ErrorOutput e) {
      return new JsonObject().put("output_type", "error").put("ename", e.ename()).put("evalue", e.evalue())
          .put("traceback", new JsonArray(e.traceback()));
    }
    return stream(Output.StreamOutput.STDERR, "[kernel-broker] " + ((Output.NoticeOutput) output).text() + "\n");
  }

  private static JsonObject stream(String name, String text) {
    return new JsonObject().put("output_type", "stream").put("name", name).put("text", text);
  }

  /** nbformat wants JSON data as JSON, not as a string of it; what does not parse is left out. */
  private static void json(String text, JsonObject data) {
    try {
      Object value = Json.decodeValue(text);
      if (value instanceof JsonObject || value instanceof JsonArray) {
        data.put("application/json", value);
      }
    } catch (DecodeException e) {
      // not JSON after all: the text/plain form, if any, still shows it
    }
  }
}
