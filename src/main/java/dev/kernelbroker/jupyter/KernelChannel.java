package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-lived WebSocket to a kernel. It keeps the same session_id across reconnects so that
 * Jupyter Server replays what it buffered while the socket was down, until the kernel is restarted (see
 * {@link #forgetSession()}). Used only from its manager's context.
 */
final class KernelChannel {
  private static final Logger LOG = LoggerFactory.getLogger(KernelChannel.class);
  private static final short MESSAGE_TOO_BIG = 1009;

  private final ContextInternal context;
  private final JupyterEndpoint endpoint;
  private String sessionId;
  private final Consumer<JupyterMessage> inbound;
  private final Consumer<String> onUnexpectedClose;
  private final int maxMessageBytes;
  private KernelWebSocket socket;
  private Connection current;

  /**
   * @param onUnexpectedClose told why the socket closed when it was a message the broker refused (too large), so
   *     that output is lost; null otherwise
   */
  KernelChannel(ContextInternal context, JupyterEndpoint endpoint, String sessionId, int maxMessageBytes,
      Consumer<JupyterMessage> inbound, Consumer<String> onUnexpectedClose) {
    this.maxMessageBytes = maxMessageBytes;
    this.context = context;
    this.endpoint = endpoint;
    this.sessionId = sessionId;
    this.inbound = inbound;
    this.onUnexpectedClose = onUnexpectedClose;
  }

  boolean isOpen() {
    return socket != null && !socket.isClosed();
  }

  /**
   * The next connection uses a new session_id. Needed after a restart: reconnecting with the old one makes
   * Jupyter Server restore the buffered streams of the old kernel process, and the new kernel's iopub
   * messages (status idle, output) then never reach us, while its shell replies do.
   */
  void forgetSession() {
    sessionId = UUID.randomUUID().toString();
  }

  /** Connects to {@code kernelId}, replacing any socket this channel had. */
  Future<Void> connect(String kernelId, Duration timeout) {
    close();
    Connection connection = new Connection(kernelId);
    current = connection;
    String path = "/api/kernels/" + kernelId + "/channels?session_id=" + sessionId;
    Future<KernelWebSocket> dialled = KernelWebSocket.connect(context, endpoint, path, maxMessageBytes, timeout,
        connection);
    dialled.onSuccess(ws -> {
      if (current == connection) {
        socket = ws;
      } else { // closed, replaced or given up on while it connected
        ws.close();
      }
    });
    return Deadline.within(dialled, timeout, "kernel " + kernelId + " did not accept a WebSocket")
        .<Void>mapEmpty()
        .onFailure(err -> {
          if (current == connection) {
            current = null; // a socket that opens after all is closed, not kept
          }
        });
  }

  /** One socket's events; those of a socket this channel closed or replaced are only logged. */
  private final class Connection implements KernelWebSocket.Events {
    private final String kernelId;
    private boolean refusedFrame;

    Connection(String kernelId) {
      this.kernelId = kernelId;
    }

    @Override
    public void text(byte[] frame) {
      if (current == this) {
        onText(frame);
      }
    }

    @Override
    public void failed(Throwable error) {
      // Netty's decoder fails an over-long frame ("Max frame length ... exceeded"), then drops the connection.
      refusedFrame |= String.valueOf(error.getMessage()).contains("exceeded");
      if (current == this) {
        LOG.warn("WebSocket to kernel {} failed: {}", kernelId, error.toString());
      } else { // closed by us (shutdown, reconnect): its connection ending early is expected
        LOG.debug("WebSocket to kernel {} failed after it was closed: {}", kernelId, error.toString());
      }
    }

    @Override
    public void closed(Short status, String reason) {
      if (current == this) {
        current = null;
        socket = null;
        LOG.info("WebSocket to kernel {} closed ({} {})", kernelId, status, reason);
        onUnexpectedClose.accept(refused(status, refusedFrame));
      }
    }
  }

  Future<Void> send(JupyterMessage message) {
    if (!isOpen()) {
      return Future.failedFuture(new JupyterException("cannot send " + message.header().msgType()
          + ": the kernel WebSocket is not open"));
    }
    LOG.trace("-> {} {} {}", message.channel().wire(), message.header().msgType(), message.header().msgId());
    return socket.writeText(message.encode());
  }

  /** Why a close lost a message: the kernel sent one over the broker's limit (status 1009, "message too big"). */
  private String refused(Short status, boolean refusedFrame) {
    boolean tooBig = refusedFrame || (status != null && status == MESSAGE_TOO_BIG);
    return tooBig ? "the kernel sent a single message larger than " + (maxMessageBytes >> 20) + " MiB (one huge"
        + " output or image), which the broker refuses to hold; that output is lost" : null;
  }

  void close() {
    KernelWebSocket ws = socket;
    socket = null;
    current = null;
    if (ws != null && !ws.isClosed()) {
      ws.close();
    }
  }

  private void onText(byte[] frame) {
    JupyterMessage message;
    try {
      message = JupyterMessage.decode(frame);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a frame that is not a Jupyter message: {}", e.toString());
      return;
    }
    if (message != null) {
      if (LOG.isTraceEnabled()) {
        LOG.trace("<- {} {} parent={} {}", message.channel().wire(), message.header().msgType(), message.parentId(),
            message.type() == MessageType.STATUS ? message.content().getString(Wire.EXECUTION_STATE) : "");
      }
      inbound.accept(message);
    }
  }
}
