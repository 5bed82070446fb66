package dev.kernelbroker.jupyter;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * A kernel's WebSocket, dialled with Netty's WebSocket client on the event loop of the context that opens it, over TCP
 * or straight to Jupyter's Unix socket (a sandbox without a network). Vert.x's WebSocket client dials only TCP, and
 * the loopback relay that needed cost each call about 0.3 ms (issue 9). Every event is told on that context.
 */
final class KernelWebSocket {
  /** What the socket tells its owner, on the owner's context. */
  interface Events {
    /** A text frame, as its UTF-8 bytes (the decoder reads them as they are). */
    void text(byte[] frame);

    /** A failure of the open socket (a frame over the limit, a broken connection); it closes next. */
    void failed(Throwable error);

    /** The socket closed; {@code status} and {@code reason} are the kernel side's close frame's, if it sent one. */
    void closed(Short status, String reason);
  }

  private static final int MAX_HANDSHAKE_BYTES = 64 * 1024;

  private final ContextInternal context;
  private final Channel channel;
  private volatile boolean closed;

  private KernelWebSocket(ContextInternal context, Channel channel) {
    this.context = context;
    this.channel = channel;
  }

  /** Dials {@code endpoint} and upgrades {@code path} to a WebSocket; fails when either is refused or too slow. */
  static Future<KernelWebSocket> connect(ContextInternal context, JupyterEndpoint endpoint, String path,
      int maxMessageBytes, Duration timeout, Events events) {
    PromiseInternal<KernelWebSocket> opened = context.promise();
    boolean domain = endpoint.server().isDomainSocket();
    WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(URI.create("ws://" + endpoint.host() + ":" + endpoint.port() + path))
        .version(WebSocketVersion.V13)
        .customHeaders(new DefaultHttpHeaders().add(HttpHeaderNames.AUTHORIZATION, endpoint.authorization()))
        .maxFramePayloadLength(maxMessageBytes)
        // Jupyter applies browser Origin checks; a client that sends no Origin is not a browser.
        .generateOriginHeader(false)
        .handleCloseFrames(false) // read here, for the status a refusal closes with
        .handshakeTimeoutMillis(timeout.toMillis())
        .build();
    Bootstrap bootstrap = new Bootstrap().group(context.nettyEventLoop())
        .channelFactory(context.owner().transport().channelFactory(domain))
        .resolver(context.owner().nameResolver().nettyAddressResolverGroup()) // Vert.x's: never blocks the loop
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
        // A cell's reply and idle status (~0.7 KB each) often come together: a read never smaller than 4 KiB takes
        // both in one system call, where Netty's default, adapting down to the last frames' size, took two.
        .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 4096, 65536))
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_BYTES),
                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(maxMessageBytes),
                new Frames(context, opened, events));
          }
        });
    if (!domain) {
      bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
    SocketAddress address = domain ? context.owner().transport().convert(endpoint.server())
        : InetSocketAddress.createUnresolved(endpoint.server().host(), endpoint.server().port());
    bootstrap.connect(address).addListener((ChannelFutureListener) connected -> {
      if (!connected.isSuccess()) {
        opened.tryFail(connected.cause());
      }
    });
    return opened.future();
  }

  /** Sends one text frame; the future completes once it is written. */
  Future<Void> writeText(String text) {
    PromiseInternal<Void> written = context.promise(); // a Netty listener too: completed as the write ends
    channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(written);
    return written.future();
  }

  boolean isClosed() {
    return closed || !channel.isActive();
  }

  /** Sends a normal close frame, then closes the connection. */
  void close() {
    closed = true;
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The pipeline's last handler: the handshake's end, then frames, failures and the close, told on the context. */
  private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ContextInternal context;
    private final PromiseInternal<KernelWebSocket> opened;
    private final Events events;
    private KernelWebSocket socket;
    private Short status;
    private String reason;

    Frames(ContextInternal context, PromiseInternal<KernelWebSocket> opened, Events events) {
      this.context = context;
      this.opened = opened;
      this.events = events;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        socket = new KernelWebSocket(context, ctx.channel());
        opened.tryComplete(socket);
      } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        opened.tryFail("the WebSocket handshake did not finish in time");
        ctx.close();
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        context.emit(ByteBufUtil.getBytes(text.content()), events::text);
      } else if (frame instanceof CloseWebSocketFrame close) {
        status = close.statusCode() < 0 ? null : (short) close.statusCode();
        reason = close.reasonText();
        ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (socket == null) {
        opened.tryFail(cause);
      } else {
        context.emit(cause, events::failed);
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (socket == null) {
        opened.tryFail("the connection closed before the WebSocket handshake finished");
      } else {
        context.emit(null, v -> events.closed(status, reason));
      }
      super.channelInactive(ctx);
    }
  }
}
