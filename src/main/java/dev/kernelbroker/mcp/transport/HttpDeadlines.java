package dev.kernelbroker.mcp.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an HTTP client may take to send what it must send. Without these, a client that opens a
 * socket and sends half a request head, or a shorter body than its Content-Length, holds a file
 * descriptor for ever, before the token check has even seen the request. Waiting for an answer is
 * never limited: a tool call may compute for an hour, an SSE stream may stay open for days.
 *
 * @param requestHead from accepting a connection until its first request's head is complete
 * @param requestBody from a request's complete head until its body is complete
 * @param keepAliveIdle from the end of one exchange (request read, response sent) until the next
 *     request's head is complete; Vert.x shows a request only once its head is complete, so this
 *     also bounds a next request's head that arrives slowly on a kept-alive connection
 */
public record HttpDeadlines(Duration requestHead, Duration requestBody, Duration keepAliveIdle) {
  /**
   * A head is a few hundred bytes a client sends at once, right after connecting: 10 s is ample
   * even on a poor link. A body is one JSON-RPC message: 30 s moves the largest one allowed by
   * default (10 MiB) at about 350 KB/s, and an ordinary one (a few KB) on any link. MCP clients drop
   * their own idle connections after a few seconds (Node's undici after 4 s, Python's httpx after
   * 5 s), so 60 s never closes one a client still means to reuse.
   */
  public static final HttpDeadlines DEFAULTS =
      new HttpDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

  public HttpDeadlines {
    requirePositive(requestHead, "requestHead");
    requirePositive(requestBody, "requestBody");
    requirePositive(keepAliveIdle, "keepAliveIdle");
  }

  /** Vert.x timers count whole milliseconds, at least one. */
  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + duration);
    }
  }
}
