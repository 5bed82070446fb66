package dev.kernelbroker.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A PEP 503 "simple" package index served by the test itself, holding pure-Python wheels made by hand: what pip in a
 * sandbox installs from instead of the internet. Each wheel has one module whose {@code VALUE} is given.
 */
public final class PackageIndex implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Map<String, byte[]>> projects = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public PackageIndex(InetAddress bind) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, 0), 16);
    server.createContext("/simple/", this::answer);
    server.start();
  }

  /** Adds a project {@code name} (a distribution name, e.g. kb-probe-pkg) whose wheel provides {@code module}. */
  public PackageIndex withWheel(String name, String version, String module, String value) {
    String file = name.replace('-', '_') + "-" + version + "-py3-none-any.whl";
    projects.computeIfAbsent(normalized(name), n -> new ConcurrentHashMap<>())
        .put(file, wheel(name, version, module, value));
    return this;
  }

  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
        + "/simple/";
  }

  /** Paths requested so far, e.g. to show that pip asked here and nowhere else. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(path);
    String[] parts = path.substring("/simple/".length()).split("/");
    Map<String, byte[]> files = parts.length == 0 || parts[0].isEmpty() ? null : projects.get(normalized(parts[0]));
    byte[] body;
    String type;
    if (files != null && parts.length == 1) {
      StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>\n");
      files.keySet().forEach(f -> page.append("<a href=\"").append(f).append("\">").append(f).append("</a>\n"));
      body = page.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
      type = "text/html";
    } else if (files != null && parts.length == 2 && files.containsKey(parts[1])) {
      body = files.get(parts[1]);
      type = "application/octet-stream";
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String normalized(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static byte[] wheel(String name, String version, String module, String value) {
    String info = name.replace('-', '_') + "-" + version + ".dist-info/";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(module + "/__init__.py", "VALUE = " + value + "\n");
    files.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
    files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: kernel-broker-test\nRoot-Is-Purelib: true\n"
        + "Tag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    files.forEach((path, text) -> record.append(path).append(",sha256=").append(digest(text)).append(',')
        .append(text.getBytes(StandardCharsets.UTF_8).length).append('\n'));
    files.put(info + "RECORD", record.append(info).append("RECORD,,\n").toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
