"""Kernel WebSocket connections shaped for the broker.

Small frames leave at once: Tornado leaves Nagle's algorithm on for WebSockets, and Jupyter Server does not
turn it off for kernel channels, so a reply waited for the client's delayed ACK: about 40 ms on every
execution, measured.

Large output leaves in pieces: a cell that prints 100 MB at once makes the kernel send one 100 MB stream
message, which a client must hold whole to decode. Split into pieces of at most CHUNK characters, it costs
the broker one piece at a time, and its output cap applies as the pieces arrive.
"""
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CHUNK = 256 * 1024


class BrokerWebsocketConnection(ZMQChannelsWebsocketConnection):
    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()

    def _on_zmq_reply(self, stream, msg_list):
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
