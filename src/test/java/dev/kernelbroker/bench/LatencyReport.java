package dev.kernelbroker.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One benchmark line: what was timed, how often, median and p99. */
final class LatencyReport {
  private LatencyReport() {}

  static void print(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    System.out.printf("%-58s n=%-5d median %8.2f ms   p99 %8.2f ms%n", what, sorted.size(), median, p99);
  }
}
