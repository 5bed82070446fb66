package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The HTTP and WebSocket clients for every Jupyter Server the broker talks to. Shared: a client per sandbox or per
 * kernel would cost each idle session its own connection pools, resolvers and caches.
 */
public final class JupyterClients {
  private final WebClient web;
  private final WebSocketClient webSockets;
  private volatile boolean closed;

  /** @param maxMessageBytes the largest kernel message accepted over a WebSocket */
  public JupyterClients(Vertx vertx, int maxMessageBytes) {
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) JupyterRestClient.DEFAULT_CALL_TIMEOUT.toMillis()));
    this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(maxMessageBytes).setMaxMessageSize(maxMessageBytes));
  }

  public JupyterClients(Vertx vertx, KernelSettings settings) {
    this(vertx, settings.maxMessageBytes());
  }

  WebClient web() {
    return web;
  }

  WebSocketClient webSockets() {
    return webSockets;
  }

  /** Whether {@link #close()} was called: the broker is shutting down, so no Jupyter Server is to be asked again. */
  public boolean isClosed() {
    return closed;
  }

  public Future<Void> close() {
    closed = true;
    web.close();
    return webSockets.close();
  }
}
