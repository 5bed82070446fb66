package dev.kernelbroker.jupyter;

import dev.kernelbroker.jupyter.Output.ErrorOutput;
import dev.kernelbroker.jupyter.Output.NoticeOutput;
import dev.kernelbroker.jupyter.Output.RichOutput;
import dev.kernelbroker.jupyter.Output.StreamOutput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Keeps an execution's outputs within {@link OutputLimits#maxOutputChars()}: the first half of the budget
 * holds the head, the second half a rolling tail, and what falls between is counted, not kept. So memory
 * stays near the cap however much a cell prints.
 */
final class OutputCollector {
  private final int budget;
  private final int headBudget;
  private final int tailBudget;
  private final Deque<Piece> head = new ArrayDeque<>();
  private final Deque<Piece> tail = new ArrayDeque<>();
  private int headChars;
  private int tailChars;
  private long droppedChars;
  private boolean inTail;
  private boolean clearPending;
  private final OverflowSink overflow;
  private boolean overflowing;

  OutputCollector(OutputLimits limits) {
    this(limits, OverflowSink.NONE);
  }

  OutputCollector(OutputLimits limits, OverflowSink overflow) {
    this.overflow = overflow;
    this.budget = limits.maxOutputChars();
    this.headBudget = budget / 2;
    this.tailBudget = budget - headBudget;
  }

  void add(Output output) {
    if (clearPending) {
      clear();
    }
    int size = charsOf(output);
    spill(output, size);
    if (inTail) {
      addToTail(output, size);
      return;
    }
    int room = headBudget - headChars;
    if (size <= room) {
      append(head, output);
      headChars += size;
    } else if (output instanceof StreamOutput s) {
      append(head, new StreamOutput(s.name(), s.text().substring(0, room)));
      headChars = headBudget;
      inTail = true;
      addStreamToTail(s, room);
    } else {
      inTail = true;
      addToTail(output, size);
    }
  }

  /**
   * Until the budget is first exceeded, head and tail hold everything (nothing was dropped yet): that much goes to
   * the sink at once, and from then on every output as it comes.
   */
  private void spill(Output output, int size) {
    if (!overflowing && overflow != OverflowSink.NONE && (long) headChars + tailChars + droppedChars + size > budget) {
      overflowing = true;
      head.forEach(p -> overflow.accept(p.toOutput()));
      tail.forEach(p -> overflow.accept(p.toOutput()));
    }
    if (overflowing) {
      overflow.accept(output);
    }
  }

  /** {@code clear_output}: with {@code wait} the clearing happens when the next output arrives. */
  void clear(boolean wait) {
    if (wait) {
      clearPending = true;
    } else {
      clear();
    }
  }

  List<Output> outputs() {
    List<Output> out = new ArrayList<>();
    head.forEach(p -> addMerged(out, p.toOutput()));
    if (droppedChars > 0) {
      out.add(new NoticeOutput("Output truncated: " + droppedChars + " characters were dropped from the middle; "
          + "the first and last " + headBudget + " or so are kept (limit " + budget + " characters)."));
    }
    tail.forEach(p -> addMerged(out, p.toOutput()));
    return out;
  }

  private void clear() {
    head.clear();
    tail.clear();
    headChars = 0;
    tailChars = 0;
    droppedChars = 0;
    inTail = false;
    clearPending = false;
  }

  /** Cuts a huge chunk before copying it, so the tail never holds more than its budget plus one chunk. */
  private void addStreamToTail(StreamOutput s, int from) {
    int start = Math.max(from, s.text().length() - tailBudget);
    droppedChars += start - from;
    addToTail(new StreamOutput(s.name(), s.text().substring(start)), s.text().length() - start);
  }

  private void addToTail(Output output, int size) {
    if (output instanceof StreamOutput s && size > tailBudget) {
      addStreamToTail(s, 0);
      return;
    }
    append(tail, output);
    tailChars += size;
    while (tailChars > tailBudget) {
      Piece first = tail.peekFirst();
      int excess = tailChars - tailBudget;
      if (first.stream != null && first.text.length() > excess) {
        first.text.delete(0, excess);
        tailChars -= excess;
        droppedChars += excess;
      } else if (tail.size() > 1 || first.stream != null) {
        tail.removeFirst();
        tailChars -= first.size();
        droppedChars += first.size();
      } else {
        // A single display or error bigger than the whole tail: keep what identifies it.
        tail.removeFirst();
        tailChars = 0;
        droppedChars += first.size();
        Output shrunk = shrink(first.fixed);
        append(tail, shrunk);
        tailChars += charsOf(shrunk);
      }
    }
  }

  private Output shrink(Output output) {
    if (output instanceof ErrorOutput e) {
      List<String> lines = new ArrayList<>();
      int used = Math.min(e.evalue().length(), tailBudget / 2);
      for (int i = e.traceback().size() - 1; i >= 0 && used + e.traceback().get(i).length() <= tailBudget; i--) {
        lines.add(0, e.traceback().get(i));
        used += e.traceback().get(i).length();
      }
      return new ErrorOutput(e.ename(), e.evalue().substring(0, Math.min(e.evalue().length(), tailBudget / 2)), lines);
    }
    return new NoticeOutput("A display of " + charsOf(output) + " characters was omitted: it is over the "
        + budget + "-character output limit.");
  }

  private static void append(Deque<Piece> pieces, Output output) {
    Piece last = pieces.peekLast();
    if (output instanceof StreamOutput s && last != null && s.name().equals(last.stream)) {
      last.text.append(s.text());
    } else {
      pieces.add(new Piece(output));
    }
  }

  private static void addMerged(List<Output> out, Output next) {
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof StreamOutput prev
        && next instanceof StreamOutput s && prev.name().equals(s.name())) {
      out.set(out.size() - 1, new StreamOutput(s.name(), prev.text() + s.text()));
    } else {
      out.add(next);
    }
  }

  static int charsOf(Output output) {
    if (output instanceof StreamOutput s) {
      return s.text().length();
    }
    if (output instanceof RichOutput r) {
      int n = 0;
      for (Map.Entry<String, String> e : r.data().entrySet()) {
        n += OutputDecoder.IMAGE_TYPES.contains(e.getKey()) ? 0 : e.getValue().length();
      }
      return n;
    }
    if (output instanceof ErrorOutput e) {
      return e.evalue().length() + e.traceback().stream().mapToInt(String::length).sum();
    }
    return 0;
  }

  /** A stream run still being appended to, or a finished output. */
  private static final class Piece {
    final String stream;
    final StringBuilder text;
    final Output fixed;

    Piece(Output output) {
      if (output instanceof StreamOutput s) {
        stream = s.name();
        text = new StringBuilder(s.text());
        fixed = null;
      } else {
        stream = null;
        text = null;
        fixed = output;
      }
    }

    int size() {
      return stream != null ? text.length() : charsOf(fixed);
    }

    Output toOutput() {
      return stream != null ? new StreamOutput(stream, text.toString()) : fixed;
    }
  }
}
