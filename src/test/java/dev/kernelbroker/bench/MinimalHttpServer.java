package dev.kernelbroker.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The floor for an HTTP ping: a bare Vert.x server that answers any POST with a JSON-RPC empty result, nothing
 * parsed or checked. {@code bench-e2e.mjs} times the same POST against it and against the broker's {@code /mcp}.
 * {@code POST /held?ms=N} answers after N ms instead, with how long it held the request ({@code held_us}, from its
 * arrival to the answer's write): what the round trip costs when both sides sat idle as long as a kernel runs.
 * Run: {@code java -cp target/kernel-broker.jar:target/test-classes dev.kernelbroker.bench.MinimalHttpServer PORT}
 */
public final class MinimalHttpServer {
  private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";

  private MinimalHttpServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(request -> {
          long arrived = System.nanoTime();
          String ms = request.getParam("ms");
          request.body().onComplete(body -> {
            if (ms == null) {
              request.response().putHeader("Content-Type", "application/json").end(ANSWER);
              return;
            }
            vertx.setTimer(Long.parseLong(ms), t -> request.response().putHeader("Content-Type", "application/json")
                .end("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"held_us\":"
                    + (System.nanoTime() - arrived) / 1000 + "}}"));
          });
        })
        .listen()
        .onFailure(e -> {
          System.err.println("minimal server: " + e);
          System.exit(1);
        });
  }
}
