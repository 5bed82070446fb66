package dev.kernelbroker.mcp.server;

import dev.kernelbroker.mcp.protocol.JsonRpcMessage;

/** Where a transport puts server→client messages. Must keep call order; may be called on any thread. */
@FunctionalInterface
public interface MessageSink {
  MessageSink DISCARD = message -> {};

  void send(JsonRpcMessage message);
}
