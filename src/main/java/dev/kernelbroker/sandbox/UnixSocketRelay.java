package dev.kernelbroker.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP port that carries each connection to a sandbox's Jupyter Unix socket, byte for byte. Needed because
 * Vert.x's WebSocket client dials only TCP addresses, while a sandbox without a network is reachable only through the
 * socket in its mounted folder.
 */
final class UnixSocketRelay {
  private static final Logger LOG = LoggerFactory.getLogger(UnixSocketRelay.class);

  private final NetServer server;
  private final int port;

  private UnixSocketRelay(NetServer server) {
    this.server = server;
    this.port = server.actualPort();
  }

  static Future<UnixSocketRelay> open(Vertx vertx, NetClient client, Path socket) {
    SocketAddress target = SocketAddress.domainSocketAddress(socket.toString());
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0)
        .setTcpNoDelay(true));
    server.connectHandler(inbound -> {
      inbound.pause();
      client.connect(target).onComplete(outcome -> {
        if (outcome.failed()) {
          LOG.debug("relay to {} failed: {}", socket, outcome.cause().toString());
          inbound.close();
          return;
        }
        splice(inbound, outcome.result());
      });
    });
    return server.listen().map(UnixSocketRelay::new);
  }

  /** Both directions with back-pressure, so a chatty kernel cannot fill the broker's memory through the relay. */
  private static void splice(NetSocket inbound, NetSocket outbound) {
    inbound.pipeTo(outbound).onFailure(e -> outbound.close());
    outbound.pipeTo(inbound).onFailure(e -> inbound.close());
  }

  int port() {
    return port;
  }

  Future<Void> close() {
    return server.close();
  }
}
