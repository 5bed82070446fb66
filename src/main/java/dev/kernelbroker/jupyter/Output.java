package dev.kernelbroker.jupyter;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One piece of what an execution produced, in the order it was produced. */
public sealed interface Output {

  /** Text written to stdout or stderr; adjacent chunks of the same stream are merged in results. */
  record StreamOutput(String name, String text) implements Output {
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    public StreamOutput {
      Objects.requireNonNull(text, "text");
      if (!STDOUT.equals(name) && !STDERR.equals(name)) {
        throw new IllegalArgumentException("stream name must be stdout or stderr, got " + name);
      }
    }
  }

  /** A display ({@code display_data}) or the value of the cell's last expression ({@code execute_result}). */
  record RichOutput(Kind kind, Map<String, String> data, Integer executionCount) implements Output {
    public enum Kind { DISPLAY, RESULT }

    public RichOutput {
      Objects.requireNonNull(kind, "kind");
      data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }
  }

  /** An exception raised by the code; the traceback is plain text (ANSI colour codes removed). */
  record ErrorOutput(String ename, String evalue, List<String> traceback) implements Output {
    public ErrorOutput {
      ename = ename == null ? "" : ename;
      evalue = evalue == null ? "" : evalue;
      traceback = List.copyOf(Objects.requireNonNull(traceback, "traceback"));
    }
  }

  /** Something the broker says about the output itself: truncation, an omitted image. */
  record NoticeOutput(String text) implements Output {
    public NoticeOutput {
      Objects.requireNonNull(text, "text");
    }
  }
}
