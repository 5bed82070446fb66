"""Kernel WebSocket connections that send small frames at once.

Tornado leaves Nagle's algorithm on for WebSockets, and Jupyter Server does not turn it off for kernel
channels. A reply then waits for the client's delayed ACK: about 40 ms on every execution, measured.
"""
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayWebsocketConnection(ZMQChannelsWebsocketConnection):
    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()
