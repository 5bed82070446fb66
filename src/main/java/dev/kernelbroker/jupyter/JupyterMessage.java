package dev.kernelbroker.jupyter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One message of the Jupyter protocol as carried in a text frame of the kernel WebSocket.
 * {@code parentHeader} is null for parentless messages (e.g. a kernel-level {@code status: restarting}).
 */
public record JupyterMessage(Channel channel, MessageHeader header, MessageHeader parentHeader,
    JsonObject metadata, JsonObject content) {
  public JupyterMessage {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(header, "header");
    metadata = metadata == null ? new JsonObject() : metadata;
    content = content == null ? new JsonObject() : content;
  }

  public static JupyterMessage request(Channel channel, String session, MessageType type, JsonObject content) {
    return new JupyterMessage(channel, MessageHeader.create(session, type), null, new JsonObject(), content);
  }

  /** A reply to {@code parent}, e.g. an {@code input_reply} on stdin. */
  public static JupyterMessage reply(Channel channel, String session, MessageType type, MessageHeader parent,
      JsonObject content) {
    return new JupyterMessage(channel, MessageHeader.create(session, type), parent, new JsonObject(), content);
  }

  public MessageType type() {
    return header.type();
  }

  /** The msg_id of the request this message answers, or null if it has no parent. */
  public String parentId() {
    return parentHeader == null ? null : parentHeader.msgId();
  }

  public String encode() {
    return new JsonObject()
        .put(Wire.CHANNEL, channel.wire())
        .put(Wire.HEADER, header.toJson())
        .put(Wire.PARENT_HEADER, parentHeader == null ? new JsonObject() : parentHeader.toJson())
        .put(Wire.METADATA, metadata)
        .put(Wire.CONTENT, content)
        .put(Wire.BUFFERS, new JsonArray())
        .encode();
  }

  /** Decodes a text frame; frames on channels this client does not know give null. */
  public static JupyterMessage decode(String frame) {
    return FrameDecoder.decode(frame);
  }
}
