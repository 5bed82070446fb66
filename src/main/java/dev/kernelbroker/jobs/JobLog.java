package dev.kernelbroker.jobs;

import dev.kernelbroker.jupyter.Output;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A job's output as it arrives, within a character budget: the first half of the budget keeps the head, the
 * second half a rolling tail, and what falls between is counted, not kept. Offsets count every character the job
 * ever printed (stdout and stderr together, in order), so a reader can page through it and tail it while it runs.
 */
final class JobLog {
  static final String STDOUT = Output.StreamOutput.STDOUT;
  static final String STDERR = Output.StreamOutput.STDERR;

  /** A page of the log: {@code text} covers offsets [from, nextOffset); {@code skipped} characters before it are gone. */
  record Page(String text, long from, long nextOffset, long total, long skipped) { }

  private final int headBudget;
  private final int tailBudget;
  private final List<Chunk> head = new ArrayList<>();
  private final Deque<Chunk> tail = new ArrayDeque<>();
  private long total;
  private long tailChars;
  private long stdoutChars;
  private long stderrChars;
  private boolean inTail;

  JobLog(int budget) {
    this.headBudget = budget / 2;
    this.tailBudget = budget - headBudget;
  }

  /** Renders one output as text: streams as they are, displays and results by their text, errors on stderr. */
  void add(Output output) {
    if (output instanceof Output.StreamOutput s) {
      append(s.name(), s.text());
    } else if (output instanceof Output.RichOutput r) {
      String image = r.data().keySet().stream().filter(k -> k.startsWith("image/")).findFirst().orElse(null);
      String plain = r.data().get("text/plain");
      String prefix = r.kind() == Output.RichOutput.Kind.RESULT && r.executionCount() != null
          ? "Out[" + r.executionCount() + "]: " : "";
      append(STDOUT, prefix + (image != null ? "[" + image + " output]" : plain != null ? plain
          : "[" + String.join(", ", r.data().keySet()) + " output]") + "\n");
    } else if (output instanceof Output.ErrorOutput e) {
      append(STDERR, (e.traceback().isEmpty() ? e.ename() + ": " + e.evalue() : String.join("\n", e.traceback()))
          + "\n");
    } else if (output instanceof Output.NoticeOutput n) {
      append(STDERR, "[kernel-broker] " + n.text() + "\n");
    }
  }

  synchronized void append(String stream, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (STDERR.equals(stream)) {
      stderrChars += text.length();
    } else {
      stdoutChars += text.length();
    }
    if (!inTail) {
      long room = headBudget - total;
      if (text.length() <= room) {
        add(head, stream, text);
        return;
      }
      add(head, stream, text.substring(0, (int) room));
      text = text.substring((int) room);
      inTail = true;
    }
    if (text.length() > tailBudget) {
      int cut = text.length() - tailBudget;
      total += cut; // the chunk's start falls between head and tail
      tail.clear();
      tailChars = 0;
      text = text.substring(cut);
    }
    add(tail, stream, text);
    tailChars += text.length();
    while (tailChars > tailBudget) {
      Chunk first = tail.peekFirst();
      long excess = tailChars - tailBudget;
      if (first.text.length() > excess) {
        first.text.delete(0, (int) excess);
        first.offset += excess;
        tailChars -= excess;
      } else {
        tail.removeFirst();
        tailChars -= first.text.length();
      }
    }
  }

  void finish() {
  }

  synchronized long total() {
    return total;
  }

  synchronized long chars(String stream) {
    return STDERR.equals(stream) ? stderrChars : stdoutChars;
  }

  /** Characters printed but no longer kept (between the head and the tail). */
  synchronized long dropped() {
    long kept = head.stream().mapToLong(c -> c.text.length()).sum() + tailChars;
    return total - kept;
  }

  /**
   * Up to {@code limit} offsets from {@code offset}; {@code stream} null for both. An offset in the dropped middle
   * starts at the tail's first character, and the page says how many were skipped.
   */
  synchronized Page read(long offset, int limit, String stream) {
    long from = Math.min(Math.max(0, offset), total);
    long headEnd = head.isEmpty() ? 0 : head.get(head.size() - 1).end();
    long tailStart = tail.isEmpty() ? total : tail.peekFirst().offset;
    long skipped = 0;
    if (from >= headEnd && from < tailStart) {
      skipped = tailStart - from;
      from = tailStart;
    }
    long to = Math.min(total, from + limit);
    if (from < headEnd) {
      to = Math.min(to, headEnd); // a page never spans the dropped middle
    }
    StringBuilder text = new StringBuilder();
    for (Chunk chunk : from < headEnd ? head : tail) {
      if (chunk.end() <= from || chunk.offset >= to || (stream != null && !stream.equals(chunk.stream))) {
        continue;
      }
      int start = (int) (Math.max(from, chunk.offset) - chunk.offset);
      int end = (int) (Math.min(to, chunk.end()) - chunk.offset);
      text.append(chunk.text, start, end);
    }
    return new Page(text.toString(), from, to, total, skipped);
  }

  private void add(java.util.Collection<Chunk> chunks, String stream, String text) {
    Chunk last = chunks instanceof Deque<Chunk> d ? d.peekLast() : head.isEmpty() ? null : head.get(head.size() - 1);
    if (last != null && last.stream.equals(stream) && last.end() == total) {
      last.text.append(text);
    } else {
      chunks.add(new Chunk(stream, total, text));
    }
    total += text.length();
  }

  private static final class Chunk {
    final String stream;
    final StringBuilder text;
    long offset;

    Chunk(String stream, long offset, String text) {
      this.stream = stream;
      this.offset = offset;
      this.text = new StringBuilder(text);
    }

    long end() {
      return offset + text.length();
    }
  }
}
