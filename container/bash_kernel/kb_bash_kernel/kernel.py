"""The Jupyter side of the Bash kernel: execute, interrupt, completion, kernel_info."""
import shutil
import subprocess
import tempfile

from ipykernel.kernelbase import Kernel

from . import __version__
from .completion import CompletionRequest
from .shell import BashShell
from .streams import CapturedOutput, StreamCoalescer
from .syntax import completeness

COMPLETION_TIMEOUT_SECONDS = 3.0


STATE_RESET = "kb_state_reset"  # an extra execute_reply field: a new bash replaced the old one


def _bash_version() -> str:
    try:
        probe = subprocess.run(
            ["/bin/bash", "-c", "echo ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}.${BASH_VERSINFO[2]}"],
            capture_output=True, text=True, timeout=5,
        )
        return probe.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


class BashKernel(Kernel):
    implementation = "kb_bash_kernel"
    implementation_version = __version__
    language = "bash"
    banner = "Kernel Broker Bash kernel: one persistent bash; stdout and stderr kept apart"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.language_version = _bash_version()
        self.language_info = {
            "name": "bash",
            "version": self.language_version,
            "mimetype": "text/x-sh",
            "file_extension": ".sh",
            "codemirror_mode": "shell",
            "pygments_lexer": "bash",
        }
        self._workdir = tempfile.mkdtemp(prefix="kb-bash-kernel-")
        self._shell = BashShell(self._workdir)

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        if not code.strip():
            return self._ok()
        streams = StreamCoalescer(self._publish_stream_unless(silent))
        outcome = self._shell.run_cell(code, streams)
        if outcome.restart_note:
            streams.note("stderr", outcome.restart_note)
        streams.close()
        if outcome.interrupted:
            reply = self._error("KeyboardInterrupt", "interrupted", silent)
        else:
            status = outcome.status if outcome.shell_exit_status is None else outcome.shell_exit_status
            reply = self._error("BashError", f"exit status {status}", silent) if status else self._ok()
        # Tells the broker, which cannot see inside the kernel, that the shell's variables and cwd are gone.
        reply[STATE_RESET] = outcome.restart_note is not None
        return reply

    def do_complete(self, code, cursor_pos):
        request = CompletionRequest(code, len(code) if cursor_pos is None else cursor_pos)
        listing = CapturedOutput()
        outcome = self._shell.run_line(request.shell_command(), listing, timeout=COMPLETION_TIMEOUT_SECONDS)
        return request.reply(bytes(listing.stdout) if outcome.status is not None else b"")

    def do_is_complete(self, code):
        return completeness(code)

    def do_shutdown(self, restart):
        self._shell.close()
        shutil.rmtree(self._workdir, ignore_errors=True)
        return {"status": "ok", "restart": restart}

    def _publish_stream_unless(self, silent):
        def publish(name, text):
            if not silent:
                self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})
        return publish

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _error(self, ename, evalue, silent):
        error = {"ename": ename, "evalue": evalue, "traceback": [f"{ename}: {evalue}"]}
        if not silent:
            self.send_response(self.iopub_socket, "error", error)
        return {"status": "error", "execution_count": self.execution_count, **error}
