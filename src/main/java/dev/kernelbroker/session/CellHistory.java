package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.Output;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The cells a session ran, in order, for the notebook export: bounded in cells and characters (images included),
 * dropping the oldest first and counting what was dropped, so a long session costs the broker a known amount.
 */
public final class CellHistory {
  public static final int MAX_CELLS = 500;
  public static final long MAX_CHARS = 8L << 20;

  /** One executed cell: what ran, where, and what it produced (already capped like its result). */
  public record Cell(Language language, String source, List<Output> outputs, Integer executionCount) {
    public Cell {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(source, "source");
      outputs = List.copyOf(outputs);
    }

    long chars() {
      long n = source.length();
      for (Output o : outputs) {
        if (o instanceof Output.StreamOutput s) {
          n += s.text().length();
        } else if (o instanceof Output.RichOutput r) {
          n += r.data().values().stream().mapToLong(String::length).sum();
        } else if (o instanceof Output.ErrorOutput e) {
          n += e.evalue().length() + e.traceback().stream().mapToLong(String::length).sum();
        } else if (o instanceof Output.NoticeOutput t) {
          n += t.text().length();
        }
      }
      return n;
    }
  }

  /** The kept cells, and how many earlier ones were dropped to stay within the bounds. */
  public record Snapshot(List<Cell> cells, int dropped) {
    public Snapshot {
      cells = List.copyOf(cells);
    }
  }

  private final Deque<Cell> cells = new ArrayDeque<>();
  private long chars;
  private int dropped;

  public synchronized void record(Language language, String source, ExecutionResult result) {
    Cell cell = new Cell(language, source, result.outputs(), result.executionCount());
    long size = cell.chars();
    if (size > MAX_CHARS) {
      cell = new Cell(language, source.length() > MAX_CHARS / 2 ? source.substring(0, (int) (MAX_CHARS / 2)) : source,
          List.of(new Output.NoticeOutput("The outputs of this cell (" + size + " characters) were left out of the"
              + " notebook: they are over its " + MAX_CHARS + "-character history.")), result.executionCount());
      size = cell.chars();
    }
    cells.addLast(cell);
    chars += size;
    while (cells.size() > MAX_CELLS || chars > MAX_CHARS) {
      chars -= cells.removeFirst().chars();
      dropped++;
    }
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(List.copyOf(cells), dropped);
  }
}
