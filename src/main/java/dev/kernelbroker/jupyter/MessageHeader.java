package dev.kernelbroker.jupyter;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A Jupyter message header; {@link #create} builds a fresh one for an outgoing request. */
public record MessageHeader(String msgId, String session, String username, String date, String msgType, String version) {
  // Ids like jupyter_client's: one random prefix per process and a counter, unique without a SecureRandom draw each.
  private static final String ID_PREFIX = UUID.randomUUID().toString().replace("-", "") + "_";
  private static final AtomicLong SENT = new AtomicLong();

  public MessageHeader {
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(msgType, "msgType");
    session = session == null ? "" : session;
    username = username == null ? "" : username;
    date = date == null ? "" : date;
    version = version == null ? Wire.PROTOCOL_VERSION : version;
  }

  public static MessageHeader create(String session, MessageType type) {
    return new MessageHeader(ID_PREFIX + SENT.incrementAndGet(), session, "kernel-broker",
        Instant.now().toString(), type.wire(), Wire.PROTOCOL_VERSION);
  }

  public MessageType type() {
    return MessageType.fromWire(msgType);
  }
}
