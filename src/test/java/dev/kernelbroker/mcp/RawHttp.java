package dev.kernelbroker.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand, because Java's HttpClient refuses to set Host and that is exactly what the DNS
 * rebinding tests must control. Reads until the server closes or goes quiet.
 */
final class RawHttp {
  record Reply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() throws IOException {
      return McpJson.MAPPER.readTree(body);
    }
  }

  private RawHttp() {}

  static Reply send(int port, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", "127.0.0.1:" + port);
    all.put("Connection", "close");
    all.putAll(headers);
    if (body != null) {
      all.put("Content-Length", String.valueOf(payload.length));
    }
    all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1500);
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(payload);
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // A stream (SSE) never ends by itself; what arrived so far is the answer.
    } catch (IOException e) {
      // The server may reset the connection after refusing a large body; keep what we read.
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Reply parse(String raw) {
    int split = raw.indexOf("\r\n\r\n");
    String[] lines = (split < 0 ? raw : raw.substring(0, split)).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new Reply(status, headers, split < 0 ? "" : raw.substring(split + 4));
  }
}
