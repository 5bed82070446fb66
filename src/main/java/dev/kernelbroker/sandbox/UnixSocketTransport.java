package dev.kernelbroker.sandbox;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 to a local Docker engine's Unix socket on the JDK's own channels, one connection per request, for the calls
 * a cold start makes before docker-java's transport is built ({@link DockerHeadStart}): building that transport loads
 * some 1400 classes (its configuration reader, TLS, HttpClient 5), about 250 ms of a cold JVM here, while the first
 * sandbox waits to be created. No library offers HTTP over a Unix socket without such a set-up (the JDK's HttpClient
 * speaks TCP only); the Engine API's answers need little: a status, headers, a body by length, chunks or the
 * connection's end.
 */
final class UnixSocketTransport implements DockerHttpClient {
  private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  private final Path socket;
  private final Duration deadline;

  UnixSocketTransport(Path socket, Duration deadline) {
    this.socket = socket;
    this.deadline = deadline;
  }

  /**
   * The engine docker-java will talk to, when it is certainly a local socket: DOCKER_HOST naming one, or nothing set
   * that could point elsewhere (a Docker context, another config folder, docker-java's own properties file).
   */
  static Optional<Path> localEngine() {
    String host = System.getProperty("DOCKER_HOST", System.getenv("DOCKER_HOST"));
    if (host != null) {
      return host.startsWith("unix://") ? Optional.of(Path.of(host.substring("unix://".length()))) : Optional.empty();
    }
    Path home = Path.of(System.getProperty("user.home"));
    boolean elsewhere = System.getenv("DOCKER_CONTEXT") != null || System.getenv("DOCKER_CONFIG") != null
        || Files.exists(home.resolve(".docker").resolve("config.json"))
        || Files.exists(home.resolve(".docker-java.properties"));
    return elsewhere || !Files.exists(DEFAULT_SOCKET) ? Optional.empty() : Optional.of(DEFAULT_SOCKET);
  }

  @Override
  public Response execute(Request request) {
    String what = request.method() + " " + request.path();
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      // A blocking channel has no read timeout: closing it from the delayed task ends a wait past the deadline.
      CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS).execute(() -> closeQuietly(channel));
      InputStream sent = request.body();
      byte[] body = sent == null ? new byte[0] : sent.readAllBytes();
      StringBuilder head = new StringBuilder(what).append(" HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n");
      request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      channel.write(new ByteBuffer[] {ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.US_ASCII)),
          ByteBuffer.wrap(body)});
      return read(new BufferedInputStream(Channels.newInputStream(channel)));
    } catch (IOException e) {
      throw new UncheckedIOException("the Docker engine at " + socket + " did not answer " + what + " within "
          + deadline.toSeconds() + " s: " + e, e);
    }
  }

  private static Response read(InputStream in) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(header.substring(0, colon).strip(), List.of(header.substring(colon + 1).strip()));
      }
    }
    byte[] body;
    String length = headers.getOrDefault("Content-Length", List.of("")).get(0);
    if (headers.getOrDefault("Transfer-Encoding", List.of("")).get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunks(in);
    } else if (!length.isEmpty()) {
      body = in.readNBytes(Integer.parseInt(length));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(code, headers, body);
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
      out.write(in.readNBytes(size));
      line(in);
    }
    return out.toByteArray();
  }

  private static int chunkSize(InputStream in) throws IOException {
    String line = line(in);
    int extension = line.indexOf(';');
    return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
  }

  /** One line without its CRLF; the stream's end before it is an error. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("the engine closed the connection mid-answer");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is all that was wanted
    }
  }

  @Override
  public void close() {
    // nothing is held between requests
  }

  private record Answer(int status, Map<String, List<String>> headers, byte[] body) implements Response {
    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public InputStream getBody() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public void close() {
      // the body was read whole
    }
  }
}
