package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The HTTP client for every Jupyter Server the broker talks to. Shared: a client per sandbox or per kernel would cost
 * each idle session its own connection pool. A kernel's WebSocket is its channel's own ({@link KernelWebSocket}).
 */
public final class JupyterClients {
  private final WebClient web;
  private volatile boolean closed;

  public JupyterClients(Vertx vertx) {
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) JupyterRestClient.DEFAULT_CALL_TIMEOUT.toMillis()));
  }

  WebClient web() {
    return web;
  }

  /** Whether {@link #close()} was called: the broker is shutting down, so no Jupyter Server is to be asked again. */
  public boolean isClosed() {
    return closed;
  }

  public Future<Void> close() {
    closed = true;
    web.close();
    return Future.succeededFuture();
  }
}
