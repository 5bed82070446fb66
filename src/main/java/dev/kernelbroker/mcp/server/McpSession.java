package dev.kernelbroker.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.ClientInfo;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.protocol.LogLevel;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.McpMethod;
import dev.kernelbroker.mcp.protocol.ProtocolVersion;
import dev.kernelbroker.mcp.protocol.RequestId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP conversation with one client. The tools layer keys its kernels on {@link #id()} and
 * releases them in {@link #onClose}.
 */
public final class McpSession {
  public enum Transport { STDIO, SSE, STREAMABLE_HTTP }

  private static final Logger LOG = LoggerFactory.getLogger(McpSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The form of {@link #create} ids: only such an id can be taken up again after a restart. */
  public static final java.util.regex.Pattern RESUMABLE_ID = java.util.regex.Pattern.compile("[0-9a-f]{32}");

  /** The client of sessions that came in without a token to name them (stdio, or HTTP with no tokens set). */
  public static final String LOCAL_CLIENT = "local";

  private final String id;
  private final Transport transport;
  private final String client;
  private final Map<RequestId, Cancellation> inFlight = new ConcurrentHashMap<>();
  private final OneShot closing = new OneShot("session close");
  private volatile ProtocolVersion protocolVersion;
  private volatile ClientInfo clientInfo = ClientInfo.UNKNOWN;
  private volatile LogLevel logLevel = LogLevel.INFO;
  private volatile Instant lastActivity = Instant.now();
  private volatile MessageSink stream;
  private volatile boolean holdsState;
  private final AtomicInteger holds = new AtomicInteger();

  private McpSession(String id, Transport transport, String client) {
    this.id = id;
    this.transport = transport;
    this.client = client;
  }

  /** A session with a fresh 128-bit random id: session ids double as unguessable handles. */
  public static McpSession create(Transport transport) {
    return create(transport, LOCAL_CLIENT);
  }

  /** @param client the name of the token that opened it; only requests with that token may use it */
  public static McpSession create(Transport transport, String client) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new McpSession(HexFormat.of().formatHex(bytes), transport, java.util.Objects.requireNonNull(client));
  }

  /** Who opened it: the name of its bearer token, for ownership checks, quotas and accounting. */
  public String client() {
    return client;
  }

  /**
   * A session an earlier broker process had initialized, taken up again under its id after a restart, as the
   * client left it: initialized at {@code version}, and holding state (its kernels were adopted).
   */
  public static McpSession resumed(String id, Transport transport, ProtocolVersion version, String client) {
    if (!RESUMABLE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a session id this broker hands out");
    }
    McpSession session = new McpSession(id, transport, java.util.Objects.requireNonNull(client));
    session.initialize(version, ClientInfo.UNKNOWN);
    session.markHoldsState();
    return session;
  }

  public String id() {
    return id;
  }

  public Transport transport() {
    return transport;
  }

  /** Empty until initialize has been answered. */
  public Optional<ProtocolVersion> protocolVersion() {
    return Optional.ofNullable(protocolVersion);
  }

  public ClientInfo clientInfo() {
    return clientInfo;
  }

  public LogLevel logLevel() {
    return logLevel;
  }

  public Instant lastActivity() {
    return lastActivity;
  }

  public void touch() {
    lastActivity = Instant.now();
  }

  /**
   * Marks that a tool now keeps state for this session which ending it would lose (the code tools' kernels).
   * Until then the session holds nothing, and the registry may drop it after a shorter idle time.
   */
  public void markHoldsState() {
    holdsState = true;
  }

  public boolean holdsState() {
    return holdsState;
  }

  /** Idle means nothing could still reach the client or is being worked on for it. */
  public boolean isBusy() {
    return stream != null || !inFlight.isEmpty() || holds.get() > 0;
  }

  /**
   * Keeps the session busy (never closed for idleness) while work outlives its request, such as a job; the
   * returned action releases the hold once, and the idle clock starts then.
   */
  public Runnable hold() {
    holds.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        holds.decrementAndGet();
        touch();
      }
    };
  }

  public boolean isClosed() {
    return closing.happened();
  }

  /** Sends a notifications/message if the client's logging/setLevel lets this level through. */
  public void log(LogLevel level, String logger, Object data) {
    if (!level.isAtLeast(logLevel)) {
      return;
    }
    ObjectNode params = McpJson.object().put("level", level.wire());
    if (logger != null) {
      params.put("logger", logger);
    }
    params.set("data", McpJson.MAPPER.valueToTree(data));
    sendToStream(new JsonRpcMessage.Notification(McpMethod.LOG_MESSAGE.wire(), params));
  }

  /** The transport's stream for messages not tied to a request; null detaches it. */
  public void attachStream(MessageSink sink) {
    stream = sink;
  }

  public void detachStream(MessageSink sink) {
    if (stream == sink) {
      stream = null;
    }
  }

  public boolean hasStream() {
    return stream != null;
  }

  /** Delivers on the standalone stream, or drops the message when the client has none open. */
  public void sendToStream(JsonRpcMessage message) {
    MessageSink sink = stream;
    if (sink == null) {
      LOG.debug("session {}: no open stream, dropped {}", id, message);
      return;
    }
    sink.send(message);
  }

  /** Runs once when the session ends, however it ends; at once if it already has. */
  public void onClose(Runnable action) {
    closing.then(action);
  }

  /** Ends the session: in-flight calls are cancelled, then close actions run. Idempotent. */
  public void close() {
    closing.fire(() -> {
      stream = null;
      inFlight.values().forEach(Cancellation::cancel);
    });
  }

  void initialize(ProtocolVersion version, ClientInfo client) {
    clientInfo = client;
    protocolVersion = version;
  }

  boolean isInitialized() {
    return protocolVersion != null;
  }

  void setLogLevel(LogLevel level) {
    logLevel = level;
  }

  boolean beginCall(RequestId requestId, Cancellation cancellation) {
    return inFlight.putIfAbsent(requestId, cancellation) == null;
  }

  void endCall(RequestId requestId, Cancellation cancellation) {
    inFlight.remove(requestId, cancellation);
  }

  void cancelCall(RequestId requestId) {
    Cancellation cancellation = inFlight.get(requestId);
    if (cancellation != null) {
      cancellation.cancel();
    }
  }

  @Override
  public String toString() {
    return "McpSession[" + id + ", " + transport + "]";
  }
}
