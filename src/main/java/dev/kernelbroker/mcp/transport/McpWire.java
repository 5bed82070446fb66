package dev.kernelbroker.mcp.transport;

/** Strings that appear on the wire of the HTTP transports, spelled once. */
public final class McpWire {
  public static final String HEADER_SESSION_ID = "Mcp-Session-Id";
  public static final String HEADER_PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String HEADER_ORIGIN = "Origin";
  public static final String HEADER_AUTHORIZATION = "Authorization";
  public static final String HEADER_WWW_AUTHENTICATE = "WWW-Authenticate";
  public static final String HEADER_ACCEPT = "Accept";
  public static final String HEADER_CONTENT_TYPE = "Content-Type";
  public static final String HEADER_CACHE_CONTROL = "Cache-Control";
  public static final String HEADER_RETRY_AFTER = "Retry-After";

  public static final String EVENT_STREAM = "text/event-stream";
  public static final String APPLICATION_JSON = "application/json";
  public static final String BEARER = "Bearer";

  public static final String EVENT_ENDPOINT = "endpoint";
  public static final String EVENT_MESSAGE = "message";

  public static final String PATH_SSE = "/sse";
  public static final String PATH_MESSAGES = "/messages";
  public static final String PATH_STREAMABLE = "/mcp";
  public static final String PATH_HEALTH = "/health";
  public static final String PATH_METRICS = "/metrics";
  public static final String QUERY_SESSION_ID = "sessionId";

  private McpWire() {}
}
