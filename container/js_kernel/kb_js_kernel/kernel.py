"""The Jupyter side of the JavaScript kernel: execute, interrupt, kernel_info."""
from ipykernel.kernelbase import Kernel
from kb_bash_kernel.streams import StreamCoalescer

from . import __version__
from .node import NodeProcess

STATE_RESET = "kb_state_reset"  # an extra execute_reply field: a new node replaced the old one


class JavaScriptKernel(Kernel):
    implementation = "kb_js_kernel"
    implementation_version = __version__
    language = "javascript"
    banner = "Kernel Broker JavaScript kernel: one persistent Node.js; top-level await; stdout and stderr kept apart"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._node = NodeProcess()
        self.language_version = self._node.version
        self.language_info = {
            "name": "javascript",
            "version": self.language_version,
            "mimetype": "application/javascript",
            "file_extension": ".js",
            "codemirror_mode": "javascript",
            "pygments_lexer": "javascript",
        }

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        if not code.strip():
            return self._ok()
        streams = StreamCoalescer(self._publish_stream_unless(silent))
        try:
            outcome = self._node.run_cell(code, streams)
        except (OSError, RuntimeError) as failure:
            streams.close()
            result = self._error("NodeStartError", f"node could not be started: {failure}",
                                 [f"NodeStartError: node could not be started: {failure}"], silent)
            result[STATE_RESET] = True
            return result
        if outcome.restart_note:
            streams.note("stderr", outcome.restart_note)
        streams.close()
        reply = outcome.reply or {}
        if outcome.interrupted:
            result = self._error("KeyboardInterrupt", "interrupted", ["KeyboardInterrupt: interrupted"], silent)
        elif outcome.reply is None:  # node ended during the cell
            status = outcome.exit_status or 0
            result = self._error("NodeExit", f"node exited with status {status}",
                                 [f"NodeExit: node exited with status {status}"], silent) if status else self._ok()
        elif reply.get("status") == "error":
            result = self._error(reply["ename"], reply["evalue"], reply["traceback"], silent)
        else:
            if reply.get("result") is not None and not silent:
                self.send_response(self.iopub_socket, "execute_result", {
                    "execution_count": self.execution_count,
                    "data": {"text/plain": reply["result"]},
                    "metadata": {},
                })
            result = self._ok()
        # Tells the broker, which cannot see inside the kernel, that every binding is gone.
        result[STATE_RESET] = outcome.restart_note is not None
        return result

    def do_complete(self, code, cursor_pos):
        position = len(code) if cursor_pos is None else cursor_pos
        return {"status": "ok", "matches": [], "cursor_start": position, "cursor_end": position, "metadata": {}}

    def do_is_complete(self, code):
        status = self._node.is_complete(code)
        return {"status": status, "indent": ""} if status == "incomplete" else {"status": status}

    def do_shutdown(self, restart):
        self._node.close()
        return {"status": "ok", "restart": restart}

    def _publish_stream_unless(self, silent):
        def publish(name, text):
            if not silent:
                self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})
        return publish

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _error(self, ename, evalue, traceback, silent):
        error = {"ename": ename, "evalue": evalue, "traceback": traceback}
        if not silent:
            self.send_response(self.iopub_socket, "error", error)
        return {"status": "error", "execution_count": self.execution_count, **error}
