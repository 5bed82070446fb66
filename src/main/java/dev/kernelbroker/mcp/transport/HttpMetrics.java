package dev.kernelbroker.mcp.transport;

/** What the HTTP endpoint reports to, and the text it serves at {@code GET /metrics}; kept apart from any library. */
public interface HttpMetrics {
  /**
   * One request answered.
   *
   * @param route the route's path template ({@code /mcp}), never the raw path, so labels stay few
   */
  void requestEnded(String method, String route, int status, long nanos);

  /** The exposition text (blocking: called on a worker thread). */
  String scrape();

  String contentType();
}
