package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Kernel WebSocket frames as Jupyter Server writes them, read by the streaming decoder. */
class JupyterMessageTest {
  private static final String STREAM = """
      {"header": {"msg_id": "a1", "session": "s", "username": "u", "date": "2026-12-01T10:00:00.000000Z",
        "msg_type": "stream", "version": "5.3", "subshell_id": null, "extra": {"nested": [1, 2]}},
       "msg_id": "a1", "msg_type": "stream",
       "parent_header": {"msg_id": "p9", "msg_type": "execute_request", "session": "t", "date": "2026-12-01"},
       "metadata": {"deep": {"list": [true, null, 1.5]}},
       "content": {"name": "stdout", "text": "h\\u00e9llo\\n"},
       "buffers": [], "channel": "iopub"}""";

  @Test
  void readsHeadersMetadataAndContent() {
    JupyterMessage message = JupyterMessage.decode(STREAM);
    assertEquals(Channel.IOPUB, message.channel());
    assertEquals(MessageType.STREAM, message.type());
    assertEquals(new MessageHeader("a1", "s", "u", "2026-12-01T10:00:00.000000Z", "stream", "5.3"),
        message.header());
    assertEquals("p9", message.parentId());
    assertEquals("execute_request", message.parentHeader().msgType());
    assertEquals("héllo\n", message.content().getString("text"));
    assertEquals(1.5, message.metadata().getJsonObject("deep").getJsonArray("list").getDouble(2));
  }

  @Test
  void anEncodedRequestReadsBackTheSame() {
    JupyterMessage sent = JupyterMessage.request(Channel.SHELL, "sess", MessageType.EXECUTE_REQUEST,
        new JsonObject().put("code", "print(1)").put("silent", false).put("user_expressions", new JsonObject()));
    JupyterMessage read = JupyterMessage.decode(sent.encode());
    assertEquals(sent.header(), read.header());
    assertNull(read.parentHeader(), "an empty parent_header is no parent");
    assertEquals(sent.content(), read.content());
  }

  @Test
  void theStreamedFrameHoldsWhatTheJsonTreeHeld() {
    MessageHeader parent = new MessageHeader("p1", "s", "u", "2026-01-01T00:00:00Z", "input_request", "5.3");
    JsonObject content = new JsonObject().put("value", "h\u00e9\"llo\n\u0001").put("n", 3).put("big", 1L << 40)
        .put("x", 1.5).put("none", (Object) null).put("ok", true)
        .put("deep", new JsonObject().put("list", new io.vertx.core.json.JsonArray().add(1).add("two")
            .add(new JsonObject()).add(java.util.List.of(false))))
        .put("map", java.util.Map.of("k", "v"));
    JupyterMessage sent = JupyterMessage.reply(Channel.STDIN, "sess", MessageType.INPUT_REPLY, parent, content);
    JsonObject frame = new JsonObject(sent.encode());
    JsonObject expected = new JsonObject().put("channel", "stdin")
        .put("header", new JsonObject().put("msg_id", sent.header().msgId()).put("session", "sess")
            .put("username", "kernel-broker").put("date", sent.header().date()).put("msg_type", "input_reply")
            .put("version", "5.3"))
        .put("parent_header", new JsonObject().put("msg_id", "p1").put("session", "s").put("username", "u")
            .put("date", "2026-01-01T00:00:00Z").put("msg_type", "input_request").put("version", "5.3"))
        .put("metadata", new JsonObject()).put("content", new JsonObject(content.encode()))
        .put("buffers", new io.vertx.core.json.JsonArray());
    assertEquals(expected, frame);
    assertEquals(new JsonObject(), new JsonObject(JupyterMessage.request(Channel.SHELL, "s",
        MessageType.KERNEL_INFO_REQUEST, null).encode()).getJsonObject("parent_header"));
  }

  @Test
  void anExecuteInputsEchoedCodeIsSkipped() {
    String frame = "{\"header\": {\"msg_id\": \"x\", \"msg_type\": \"execute_input\"}, \"parent_header\": {},"
        + " \"content\": {\"code\": \"" + "x = 1\\n".repeat(1000) + "\", \"execution_count\": 3},"
        + " \"channel\": \"iopub\"}";
    JupyterMessage message = JupyterMessage.decode(frame);
    assertEquals(MessageType.EXECUTE_INPUT, message.type());
    assertTrue(message.content().isEmpty());
  }

  @Test
  void framesOnUnknownChannelsOrWithoutHeaderAreNoMessages() {
    assertNull(JupyterMessage.decode("{\"header\": {\"msg_id\": \"x\", \"msg_type\": \"status\"}, \"channel\": \"hb\"}"));
    assertNull(JupyterMessage.decode("{\"header\": {}, \"channel\": \"iopub\"}"));
    assertNull(JupyterMessage.decode("{\"channel\": \"iopub\", \"content\": {}}"));
  }

  @Test
  void whatIsNoJsonObjectIsRefused() {
    assertThrows(DecodeException.class, () -> JupyterMessage.decode("[1, 2]"));
    assertThrows(DecodeException.class, () -> JupyterMessage.decode("{\"header\": {\"msg_id\": "));
  }
}
