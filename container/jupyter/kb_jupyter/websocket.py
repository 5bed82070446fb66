"""Kernel WebSocket connections shaped for the broker.

Small frames leave at once: Tornado leaves Nagle's algorithm on for WebSockets, and Jupyter Server does not
turn it off for kernel channels, so a reply waited for the client's delayed ACK: about 40 ms on every
execution, measured.

Large output leaves bounded: a cell that prints 100 MB at once makes the kernel send one 100 MB stream
message, which a client must hold whole to decode. Stream text leaves in pieces of at most CHUNK characters,
so the broker holds one piece at a time and its output cap applies as they arrive. A value that cannot be
split (a giant repr, display or error text) is cut here to its head and tail, with the count of characters
cut; the broker still refuses any single message over its own limit, should this server be tampered with.
"""
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CHUNK = 256 * 1024
LONGEST_VALUE = 2 * 1024 * 1024
KEPT_EACH_END = 256 * 1024
RICH = {"execute_result", "display_data", "update_display_data"}


class BrokerWebsocketConnection(ZMQChannelsWebsocketConnection):
    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()

    def _on_zmq_reply(self, stream, msg_list):
        if isinstance(msg_list, dict) and not msg_list.get("buffers"):
            msg_list = _bounded(msg_list)
        text = _stream_text(msg_list)
        if text is None or len(text) <= CHUNK:
            return super()._on_zmq_reply(stream, msg_list)
        for start in range(0, len(text), CHUNK):
            piece = dict(msg_list)
            piece["content"] = dict(msg_list["content"], text=text[start:start + CHUNK])
            super()._on_zmq_reply(stream, piece)


def _stream_text(msg):
    """The text of a deserialized stream message (the JSON protocol the broker speaks), else None."""
    if not isinstance(msg, dict) or msg.get("msg_type") != "stream" or msg.get("buffers"):
        return None
    text = (msg.get("content") or {}).get("text")
    return text if isinstance(text, str) else None


def _bounded(msg):
    """A rich output or error whose string values are cut to head and tail; other messages as they are."""
    kind = msg.get("msg_type")
    content = msg.get("content") or {}
    if kind in RICH and isinstance(content.get("data"), dict):
        data = content["data"]
        if not any(_too_long(v) and not mime.startswith("image/") for mime, v in data.items()):
            return msg
        # Images are the broker's to cap (BROKER_MAX_IMAGE_BYTES); only text is cut here.
        cut = {mime: value if mime.startswith("image/") else _cut(value) for mime, value in data.items()}
        return dict(msg, content=dict(content, data=cut))
    # An error travels twice: as iopub "error" and inside the shell's execute_reply.
    if kind in ("error", "execute_reply") and (_too_long(content.get("evalue"))
                                               or any(_too_long(t) for t in content.get("traceback") or [])):
        traceback = [_cut(line) for line in content.get("traceback") or []]
        return dict(msg, content=dict(content, evalue=_cut(content.get("evalue")), traceback=traceback))
    return msg


def _too_long(value):
    return isinstance(value, str) and len(value) > LONGEST_VALUE


def _cut(value):
    if not _too_long(value):
        return value
    dropped = len(value) - 2 * KEPT_EACH_END
    return (value[:KEPT_EACH_END] + "\n... [%d characters cut in the sandbox] ...\n" % dropped
            + value[-KEPT_EACH_END:])
