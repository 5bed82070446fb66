package dev.kernelbroker.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The floor for an HTTP ping: a bare Vert.x server that answers any POST with a JSON-RPC empty result, nothing
 * parsed or checked. {@code bench-e2e.mjs} times the same POST against it and against the broker's {@code /mcp}.
 * Run: {@code java -cp target/kernel-broker.jar:target/test-classes dev.kernelbroker.bench.MinimalHttpServer PORT}
 */
public final class MinimalHttpServer {
  private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";

  private MinimalHttpServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(request -> request.body().onComplete(body -> request.response()
            .putHeader("Content-Type", "application/json").end(ANSWER)))
        .listen()
        .onFailure(e -> {
          System.err.println("minimal server: " + e);
          System.exit(1);
        });
  }
}
