package dev.kernelbroker.packages;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What the sandbox's kb_packages helper found and did: modules nothing provides, what pip installed, what failed. */
public record InstallReport(List<Missing> missing, List<Installed> installed, List<Failure> failed) {
  /** The helper's output line starts with this; the JSON follows on the same line. */
  static final String MARKER = "__KB_PACKAGES__";

  public record Missing(String module, String distribution) {}

  public record Installed(String name, String version) {
    public String pin() {
      return name + "==" + version;
    }
  }

  /** {@code reason}: not_found, unreachable, timeout, too_large, no_module, invalid or failed; module may be null. */
  public record Failure(String distribution, String module, String reason, String detail) {}

  public InstallReport {
    missing = List.copyOf(missing);
    installed = List.copyOf(installed);
    failed = List.copyOf(failed);
  }

  /** The report in the helper's output, or null when there is none (the helper did not run to its end). */
  static InstallReport parse(String output) {
    int at = output.lastIndexOf(MARKER);
    if (at < 0) {
      return null;
    }
    int end = output.indexOf('\n', at);
    try {
      JsonObject json = new JsonObject(output.substring(at + MARKER.length(), end < 0 ? output.length() : end));
      return new InstallReport(
          list(json.getJsonArray("missing"), o -> new Missing(o.getString("module"), o.getString("distribution"))),
          list(json.getJsonArray("installed"), o -> new Installed(o.getString("name"), o.getString("version"))),
          list(json.getJsonArray("failed"), o -> new Failure(o.getString("distribution"), o.getString("module"),
              o.getString("reason"), o.getString("detail"))));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static <T> List<T> list(JsonArray array, Function<JsonObject, T> item) {
    List<T> items = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        items.add(Objects.requireNonNull(item.apply(array.getJsonObject(i))));
      }
    }
    return items;
  }

  /** {@code name==version name2==version2}, as pip would pin them. */
  public String pins() {
    return String.join(" ", installed.stream().map(Installed::pin).toList());
  }
}
