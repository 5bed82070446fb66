package dev.kernelbroker.bench;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The least a client can do: one bare Vert.x WebSocket (same transport as the broker's client), send
 * execute_request, wait for its reply and idle. No queue, no caps, no deadlines.
 */
final class RawKernelSocket implements AutoCloseable {
  private final String session = UUID.randomUUID().toString();
  // Held on purpose: Vert.x closes a client, and its sockets, once nothing references it.
  private final io.vertx.core.http.WebSocketClient client;
  private final io.vertx.core.http.WebSocket socket;
  private String awaited;
  private boolean replied;
  private boolean idle;
  private CompletableFuture<Void> done;

  RawKernelSocket(io.vertx.core.Vertx vertx, dev.kernelbroker.jupyter.JupyterEndpoint endpoint, String kernelId) {
    client = vertx.createWebSocketClient();
    socket = dev.kernelbroker.testsupport.Await.result(client.connect(
        new io.vertx.core.http.WebSocketConnectOptions().setServer(endpoint.server()).setHost(endpoint.host())
            .setPort(endpoint.port()).setAllowOriginHeader(false)
            .setURI("/api/kernels/" + kernelId + "/channels?session_id=" + session)
            .addHeader("Authorization", "token " + endpoint.token())));
    socket.textMessageHandler(text -> onMessage(new JsonObject(text)));
  }

  synchronized CompletableFuture<Void> execute(String code) {
    awaited = UUID.randomUUID().toString();
    replied = false;
    idle = false;
    done = new CompletableFuture<>();
    JsonObject header = new JsonObject().put("msg_id", awaited).put("session", session).put("username", "bench")
        .put("date", Instant.now().toString()).put("msg_type", "execute_request").put("version", "5.3");
    JsonObject content = new JsonObject().put("code", code).put("silent", false).put("store_history", true)
        .put("user_expressions", new JsonObject()).put("allow_stdin", false).put("stop_on_error", true);
    JsonObject message = new JsonObject().put("header", header).put("parent_header", new JsonObject())
        .put("metadata", new JsonObject()).put("content", content).put("buffers", new io.vertx.core.json.JsonArray())
        .put("channel", "shell");
    socket.writeTextMessage(message.encode());
    return done;
  }

  private synchronized void onMessage(JsonObject message) {
    JsonObject parent = message.getJsonObject("parent_header", new JsonObject());
    if (done == null || !awaited.equals(parent.getString("msg_id"))) {
      return;
    }
    String type = message.getJsonObject("header").getString("msg_type");
    if ("execute_reply".equals(type)) {
      replied = true;
    } else if ("status".equals(type) && "idle".equals(message.getJsonObject("content").getString("execution_state"))) {
      idle = true;
    }
    if (replied && idle) {
      done.complete(null);
    }
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
