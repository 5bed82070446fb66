package dev.kernelbroker.jupyter;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
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
    return FrameEncoder.encode(this);
  }

  /** Decodes a text frame; frames on channels this client does not know give null. */
  public static JupyterMessage decode(String frame) {
    return decode(frame.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a text frame given as its UTF-8 bytes. */
  public static JupyterMessage decode(byte[] frame) {
    return FrameDecoder.decode(frame);
  }
}
