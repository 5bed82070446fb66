package dev.kernelbroker.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, for asserting on a real scrape. */
public final class PrometheusText {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 when there is none. */
  public static double sum(String text, String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String metric = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
      if (!metric.equals(name)) {
        continue;
      }
      Map<String, String> found = new HashMap<>();
      if (brace > 0) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          found.put(m.group(1), m.group(2));
        }
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(line.substring(space + 1));
      }
    }
    return total;
  }
}
