package dev.kernelbroker.mcp.transport;

import dev.kernelbroker.mcp.protocol.JsonRpcCodec;
import dev.kernelbroker.mcp.protocol.JsonRpcException;
import dev.kernelbroker.mcp.protocol.JsonRpcMessage;
import dev.kernelbroker.mcp.server.McpServer;
import dev.kernelbroker.mcp.server.McpSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over newline-delimited JSON on a process's stdin/stdout: one session for the process. Reading
 * and writing each run on a dedicated thread because both block; the event loop never touches the
 * streams. End of input ends the session and completes {@link #start()}'s Future.
 */
public final class StdioTransport {
  private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
  private static final String END = new String("end-of-output"); // identity-compared poison pill

  private final McpServer server;
  private final InputStream in;
  private final OutputStream out;
  private final McpSession session = McpSession.create(McpSession.Transport.STDIO);
  private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
  private final Promise<Void> finished = Promise.promise();

  public StdioTransport(McpServer server, InputStream in, OutputStream out) {
    this.server = server;
    this.in = in;
    this.out = out;
  }

  public McpSession session() {
    return session;
  }

  /** Starts serving; the Future completes when the input ends or {@link #close()} is called. */
  public Future<Void> start() {
    session.attachStream(this::enqueue);
    session.onClose(() -> outbox.add(END));
    Thread writer = new Thread(this::writeLoop, "mcp-stdio-writer");
    Thread reader = new Thread(this::readLoop, "mcp-stdio-reader");
    // The writer lives exactly as long as the session and keeps the JVM up meanwhile; the reader may
    // stay blocked in read() after close(), so it must not.
    reader.setDaemon(true);
    writer.start();
    reader.start();
    return finished.future();
  }

  /** Ends the session; output already queued is still written. */
  public Future<Void> close() {
    session.close();
    return finished.future();
  }

  private void readLoop() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null && !session.isClosed()) {
        if (!line.isBlank()) {
          receive(line);
        }
      }
    } catch (IOException e) {
      LOG.warn("stdin failed; ending the MCP session", e);
    }
    session.close();
  }

  private void receive(String line) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(line);
    } catch (JsonRpcException e) {
      enqueue(JsonRpcMessage.ErrorResponse.of(e));
      return;
    }
    server.handle(session, message, this::enqueue).onSuccess(answer -> answer.ifPresent(this::enqueue));
  }

  private void enqueue(JsonRpcMessage message) {
    if (!session.isClosed()) {
      outbox.add(JsonRpcCodec.encode(message));
    }
  }

  private void writeLoop() {
    try {
      for (String line = outbox.take(); line != END; line = outbox.take()) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      LOG.warn("stdout failed; ending the MCP session", e);
      session.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finished.tryComplete();
  }
}
