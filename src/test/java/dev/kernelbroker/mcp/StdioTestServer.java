package dev.kernelbroker.mcp;

import dev.kernelbroker.mcp.transport.StdioTransport;
import io.vertx.core.Vertx;
import java.io.OutputStream;

/** The test tools over stdio, as a separate process for the Node client to launch. */
public final class StdioTestServer {
  private StdioTestServer() {}

  public static void main(String[] args) {
    OutputStream stdout = dev.kernelbroker.mcp.transport.StdoutClaim.claim(); // before anything can log to stdout
    Vertx vertx = Vertx.vertx();
    StdioTransport transport = new StdioTransport(new TestTools(vertx).server(), System.in, stdout);
    transport.start()
        .compose(v -> vertx.close())
        .onComplete(done -> System.exit(0));
  }
}
