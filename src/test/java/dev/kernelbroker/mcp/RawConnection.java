package dev.kernelbroker.mcp;

import dev.kernelbroker.mcp.RawHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection held open by hand, unlike {@link RawHttp}: it sends requests in pieces,
 * keeps the connection alive between them, reads streams as they come, and times when the server
 * closes it.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final long openedAt = System.nanoTime();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A request head ending in a blank line, with Host set; the body goes separately. */
  static String head(String method, String path, String... headerLines) {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  /** A complete keep-alive POST of a JSON body to /mcp. */
  static String post(String path, String body, String... headerLines) {
    String[] all = new String[headerLines.length + 3];
    all[0] = "Accept: " + McpHttpWireTest.ACCEPT_BOTH;
    all[1] = "Content-Type: application/json";
    all[2] = "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length;
    System.arraycopy(headerLines, 0, all, 3, headerLines.length);
    return head("POST", path, all) + body;
  }

  RawConnection send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** One response whose body has a Content-Length. */
  Reply readResponse(Duration within) throws IOException {
    String head = readUntil("\r\n\r\n", within);
    String[] lines = head.substring(0, head.length() - 4).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    socket.setSoTimeout(Math.toIntExact(within.toMillis()));
    byte[] buffered = takePending();
    byte[] body = new byte[length];
    int have = Math.min(buffered.length, length);
    System.arraycopy(buffered, 0, body, 0, have);
    pending.write(buffered, have, buffered.length - have);
    while (have < length) {
      int n = in.read(body, have, length - have);
      if (n < 0) {
        throw new IOException("closed after " + have + " of " + length + " body bytes");
      }
      have += n;
    }
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Everything up to and including the first occurrence of marker; the rest stays for later reads. */
  String readUntil(String marker, Duration within) throws IOException {
    long giveUpAt = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[4096];
    while (true) {
      String seen = pending.toString(StandardCharsets.UTF_8);
      int at = seen.indexOf(marker);
      if (at >= 0) {
        byte[] all = takePending();
        int end = seen.substring(0, at + marker.length()).getBytes(StandardCharsets.UTF_8).length;
        pending.write(all, end, all.length - end);
        return seen.substring(0, at + marker.length());
      }
      long left = Duration.ofNanos(giveUpAt - System.nanoTime()).toMillis();
      if (left <= 0) {
        throw new IOException("no " + marker.strip() + " within " + within + "; got: " + seen);
      }
      socket.setSoTimeout(Math.toIntExact(left));
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) {
        throw new IOException("closed before " + marker.strip() + "; got: " + seen);
      }
      pending.write(buffer, 0, n);
    }
  }

  /**
   * Waits for the server to close the connection, discarding what it sends, and answers how long
   * after {@code since} (a System.nanoTime) that happened; fails if it is still open after max.
   */
  Duration awaitClosed(long since, Duration max) throws IOException {
    long giveUpAt = System.nanoTime() + max.toNanos();
    byte[] buffer = new byte[4096];
    while (true) {
      long left = Duration.ofNanos(giveUpAt - System.nanoTime()).toMillis();
      if (left <= 0) {
        throw new IOException("still open after " + max);
      }
      socket.setSoTimeout(Math.toIntExact(left));
      try {
        if (in.read(buffer) < 0) {
          break;
        }
      } catch (SocketTimeoutException e) {
        // checked at the top
      } catch (IOException e) {
        break; // reset by the server: closed too
      }
    }
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /** Whether the connection is still open after this long; what arrives meanwhile is kept for reads. */
  boolean stillOpenAfter(Duration wait) throws IOException {
    long until = System.nanoTime() + wait.toNanos();
    byte[] buffer = new byte[4096];
    for (long left = wait.toMillis(); left > 0; left = Duration.ofNanos(until - System.nanoTime()).toMillis()) {
      socket.setSoTimeout(Math.toIntExact(left));
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return false;
        }
        pending.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        // the loop condition ends it
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  long openedAt() {
    return openedAt;
  }

  private byte[] takePending() {
    byte[] all = pending.toByteArray();
    pending.reset();
    return all;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
