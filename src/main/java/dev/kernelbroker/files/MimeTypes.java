package dev.kernelbroker.files;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** A file's media type from its name: what agents' files usually are, then the JDK's table. */
final class MimeTypes {
  private static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"), Map.entry("txt", "text/plain"),
      Map.entry("log", "text/plain"), Map.entry("md", "text/markdown"), Map.entry("json", "application/json"),
      Map.entry("ipynb", "application/x-ipynb+json"), Map.entry("py", "text/x-python"),
      Map.entry("sh", "text/x-shellscript"), Map.entry("html", "text/html"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("pdf", "application/pdf"), Map.entry("xml", "application/xml"),
      Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("parquet", "application/vnd.apache.parquet"), Map.entry("zip", "application/zip"));

  private MimeTypes() {}

  static String of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String known = dot < 0 ? null : KNOWN.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    String guessed = URLConnection.guessContentTypeFromName(fileName);
    return guessed != null ? guessed : "application/octet-stream";
  }

  /** Whether content of this type is meant to be read as text (it is still sent as a blob if not UTF-8). */
  static boolean isText(String mimeType) {
    return mimeType.startsWith("text/") || mimeType.endsWith("+json") || mimeType.endsWith("/json")
        || mimeType.endsWith("+xml") || mimeType.endsWith("/xml") || mimeType.equals("application/yaml");
  }
}
