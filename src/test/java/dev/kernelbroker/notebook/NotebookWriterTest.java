package dev.kernelbroker.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.session.CellHistory;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.testsupport.Notebooks;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of output a cell can have, exported and read back by nbformat; the history's bounds. */
class NotebookWriterTest {
  private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
      + "RU5ErkJggg==";

  private static ExecutionResult result(Integer count, Output... outputs) {
    return new ExecutionResult(List.of(outputs), ExecutionStatus.OK, true, count, Duration.ZERO, "Finished");
  }

  @Test
  void everyKindOfOutputValidates() throws Exception {
    CellHistory history = new CellHistory();
    history.record(Language.PYTHON, "print(1)\nplt.show()\n{'a': 1}", result(1,
        new Output.StreamOutput("stdout", "1\n"),
        new Output.RichOutput(Output.RichOutput.Kind.DISPLAY, Map.of("image/png", PNG, "text/plain", "<Figure>"), null),
        new Output.RichOutput(Output.RichOutput.Kind.RESULT, Map.of("text/plain", "{'a': 1}",
            "application/json", "{\"a\": 1}"), 1)));
    history.record(Language.BASH, "ls /nope", result(null, new Output.StreamOutput("stderr", "ls: nope\n"),
        new Output.ErrorOutput("BashError", "exit status 2", List.of())));
    history.record(Language.PYTHON, "1/0", result(2, new Output.ErrorOutput("ZeroDivisionError", "division by zero",
        List.of("Traceback", "ZeroDivisionError: division by zero")), new Output.NoticeOutput("a notice")));
    JsonObject nb = NotebookWriter.write(history.snapshot());
    assertEquals(List.of("python", "bash", "python"),
        Notebooks.validate(nb.encode().getBytes(StandardCharsets.UTF_8)));
    assertEquals("%%bash\nls /nope", nb.getJsonArray("cells").getJsonObject(1).getString("source"));
    assertEquals(1, nb.getJsonArray("cells").getJsonObject(0).getJsonArray("outputs").getJsonObject(2)
        .getJsonObject("data").getJsonObject("application/json").getInteger("a"));
  }

  @Test
  void theHistoryKeepsTheLatestCellsAndSaysHowManyWereLeftOut() throws Exception {
    CellHistory history = new CellHistory();
    for (int i = 0; i < CellHistory.MAX_CELLS + 7; i++) {
      history.record(Language.PYTHON, "x = " + i, result(i + 1));
    }
    history.record(Language.PYTHON, "big", result(null, new Output.StreamOutput("stdout",
        "y".repeat((int) CellHistory.MAX_CHARS + 1))));
    CellHistory.Snapshot kept = history.snapshot();
    assertEquals(CellHistory.MAX_CELLS, kept.cells().size());
    assertEquals(8, kept.dropped());
    assertTrue(kept.cells().get(kept.cells().size() - 1).outputs().get(0) instanceof Output.NoticeOutput);
    JsonObject nb = NotebookWriter.write(kept);
    assertEquals("markdown", nb.getJsonArray("cells").getJsonObject(0).getString("cell_type"));
    Notebooks.validate(nb.encode().getBytes(StandardCharsets.UTF_8));
  }
}
