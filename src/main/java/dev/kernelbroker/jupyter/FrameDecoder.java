package dev.kernelbroker.jupyter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a kernel WebSocket text frame with Jackson's streaming parser: the two headers field by field into their
 * records, metadata and content as maps, and the rest skipped. An {@code execute_input}'s content (the code echoed
 * back, as long as the cell) is skipped too: nothing here reads it. Four frames come for every cell, so this is on
 * every call's path.
 */
final class FrameDecoder {
  // Jackson's default 20 M-character string limit would make one big print undecodable; the WebSocket's own
  // message-size limit is what bounds a frame, and the output collector caps what is kept.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();
  private static final ObjectReader MAP = new ObjectMapper(FACTORY).readerFor(Map.class);

  private FrameDecoder() {}

  /**
   * The message in {@code frame}, the text frame's UTF-8 bytes as they came (parsed as bytes: no string of the whole
   * frame is made first); null when it names no channel this client knows or has no header.
   */
  static JupyterMessage decode(byte[] frame) {
    try (JsonParser parser = FACTORY.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("not a JSON object");
      }
      Channel channel = null;
      MessageHeader header = null;
      MessageHeader parent = null;
      JsonObject metadata = null;
      JsonObject content = null;
      boolean contentSkipped = false;
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case Wire.CHANNEL -> channel = value == JsonToken.VALUE_STRING
              ? Channel.fromWire(parser.getText()).orElse(null) : skip(parser, null);
          case Wire.HEADER -> header = header(parser, value);
          case Wire.PARENT_HEADER -> parent = header(parser, value);
          case Wire.METADATA -> metadata = object(parser, value);
          case Wire.CONTENT -> {
            if (header != null && header.type() == MessageType.EXECUTE_INPUT) {
              contentSkipped = skip(parser, Boolean.TRUE);
            } else {
              content = object(parser, value);
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (channel == null || header == null) {
        return null;
      }
      return new JupyterMessage(channel, header, parent, metadata, contentSkipped ? new JsonObject() : content);
    } catch (IOException e) {
      throw new DecodeException("not a Jupyter message: " + e.getMessage(), e);
    }
  }

  /** A header's fields; null for an empty or id-less one (a parentless message's parent_header is {}). */
  private static MessageHeader header(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return skip(parser, null);
    }
    String msgId = null;
    String session = null;
    String username = null;
    String date = "";
    String msgType = "";
    String version = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      if (!token.isScalarValue()) {
        parser.skipChildren();
        continue;
      }
      String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
      switch (field) {
        case Wire.MSG_ID -> msgId = token == JsonToken.VALUE_STRING ? text : null;
        case Wire.SESSION -> session = text;
        case Wire.USERNAME -> username = text;
        case Wire.DATE -> date = String.valueOf(text);
        case Wire.MSG_TYPE -> msgType = text == null ? "" : text;
        case Wire.VERSION -> version = text;
        default -> { }
      }
    }
    return msgId == null ? null : new MessageHeader(msgId, session, username, date, msgType, version);
  }

  private static JsonObject object(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return skip(parser, null);
    }
    Map<String, Object> map = MAP.readValue(parser);
    return new JsonObject(map);
  }

  private static <T> T skip(JsonParser parser, T result) throws IOException {
    parser.skipChildren();
    return result;
  }
}
