"""One Node.js process running evaluator.js, driven one cell at a time.

The cell's stdout and stderr are node's own fds 1 and 2 (pipes, which node writes synchronously), so output from
console.log, process.stdout.write and child processes alike streams in order per stream. Requests and replies
travel as JSON lines on a socket whose fd node is told in KB_CONTROL_FD.
"""
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass

EVALUATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluator.js")
NODE = shutil.which("node") or "/usr/bin/node"  # the local runtime runs kernels on the host
# node runs in a session of its own (so Jupyter's interrupt reaches only this kernel, which forwards it); should
# this kernel be killed outright, the kernel's death must still end node, busy or not: a parent-death signal.
SETPRIV = shutil.which("setpriv")
READ_SIZE = 65536
POLL_SECONDS = 0.05
STARTUP_TIMEOUT_SECONDS = 15.0
IS_COMPLETE_TIMEOUT_SECONDS = 3.0
# After SIGINT, how long node may take to give the cell up before it is replaced (a busy loop after an await
# never returns to node's event loop, where its interrupt is noticed).
REPLACE_NODE_AFTER_SECONDS = 2.5


@dataclass
class CellOutcome:
    reply: dict | None = None  # the evaluator's reply; None when node ended or was replaced
    interrupted: bool = False
    restart_note: str | None = None  # set when a new node replaced the old one (every binding is gone)
    exit_status: int | None = None  # set when node itself ended


class NodeProcess:
    def __init__(self):
        self._process = None
        self._control = None
        self._buffer = b""
        self._cell = 0
        self.version = ""
        self._start()

    def run_cell(self, code: str, sink) -> CellOutcome:
        """Raises OSError or RuntimeError when no node can be started (then nothing ran)."""
        ended = self._ended_since_last_cell(sink)
        if self._process is None:
            self._start()
        self._cell += 1
        request = json.dumps({"id": self._cell, "code": code, "cell": self._cell}) + "\n"
        self._control.sendall(request.encode())
        outcome = self._run_sent(sink)
        if ended:
            outcome.restart_note = ended + (outcome.restart_note or "")
        return outcome

    def is_complete(self, code: str) -> str:
        """complete, incomplete, invalid or unknown; never waits long (the shell channel is blocked meanwhile)."""
        if self._process is None or self._process.poll() is not None:
            return "unknown"
        # Id 0: cells count from 1, and their numbers show in stack traces (cell[3]), so this takes none of them.
        self._control.sendall((json.dumps({"op": "is_complete", "id": 0, "code": code}) + "\n").encode())
        answer = self._read_message(IS_COMPLETE_TIMEOUT_SECONDS)
        return answer.get("status", "unknown") if answer and answer.get("id") == 0 else "unknown"

    def _ended_since_last_cell(self, sink) -> str | None:
        # Killed while idle (the OOM killer, a kill from Bash): this cell runs in a new node, and says so.
        if self._process is None or self._process.poll() is None:
            return None
        self._drain(sink)
        status = self._process.returncode
        self._discard()
        return (f"node had ended since the previous cell ({_shown(status)}); this cell ran in a new one"
                " (every earlier binding was lost)\n")

    def _run_sent(self, sink) -> CellOutcome:
        interrupt = {"at": None}

        def note_interrupt(signum, frame):
            if interrupt["at"] is None:
                interrupt["at"] = time.monotonic()
                self._signal(signal.SIGINT)

        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, note_interrupt) if in_main_thread else None
        try:
            return self._await_reply(sink, interrupt)
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous)

    def close(self) -> None:
        if self._process is not None:
            self._discard()

    def _start(self) -> None:
        parent, child = socket.socketpair()
        environment = dict(os.environ, KB_CONTROL_FD=str(child.fileno()))
        environment.pop("PYTHONPATH", None)
        try:
            self._process = subprocess.Popen(
                ([SETPRIV, "--pdeathsig", "KILL", "--"] if SETPRIV else [])
                + [NODE, "--expose-internals", "--stack-trace-limit=50", EVALUATOR],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(child.fileno(),),
                env=environment, start_new_session=True,
            )
        except OSError:
            parent.close()
            raise
        finally:
            child.close()
        self._control = parent
        self._buffer = b""
        for stream in (self._process.stdout, self._process.stderr):
            os.set_blocking(stream.fileno(), False)
        ready = self._read_message(STARTUP_TIMEOUT_SECONDS)
        if not ready or not ready.get("ready"):
            self._discard()
            raise RuntimeError("node did not start within %.0f s" % STARTUP_TIMEOUT_SECONDS)
        self.version = ready.get("version", "")

    def _read_message(self, timeout: float):
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([self._control], [], [], remaining)
            if readable:
                data = self._control.recv(READ_SIZE)
                if not data:
                    return None
                self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _await_reply(self, sink, interrupt) -> CellOutcome:
        out, err = self._process.stdout.fileno(), self._process.stderr.fileno()
        while True:
            if b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                message = json.loads(line)
                if message.get("id") != self._cell:
                    continue  # a late answer to an is_complete that was given up on
                self._drain(sink)
                interrupted = message.get("status") == "interrupted" or interrupt["at"] is not None
                return CellOutcome(reply=message, interrupted=interrupted)
            if interrupt["at"] is not None and time.monotonic() - interrupt["at"] > REPLACE_NODE_AFTER_SECONDS:
                self._drain(sink)
                self._discard()
                note = f"node did not stop after the interrupt; {self._restart()} (every binding was lost)\n"
                return CellOutcome(interrupted=True, restart_note=note)
            readable, _, _ = select.select([self._control, out, err], [], [], POLL_SECONDS)
            for fd in readable:
                if fd is self._control:
                    data = self._control.recv(READ_SIZE)
                    if not data:
                        return self._replace_exited(sink, interrupt["at"] is not None)
                    self._buffer += data
                else:
                    self._read_stream(fd, sink)
            sink.tick()

    def _read_stream(self, fd: int, sink) -> bool:
        try:
            data = os.read(fd, READ_SIZE)
        except BlockingIOError:
            return False
        if data:
            sink.feed("stdout" if fd == self._process.stdout.fileno() else "stderr", data)
        return bool(data)

    def _drain(self, sink) -> None:
        # Node writes pipes synchronously, so all a finished cell wrote is already in them; stop once they are empty
        # (a timer may go on writing forever).
        for fd in (self._process.stdout.fileno(), self._process.stderr.fileno()):
            for _ in range(64):
                if not self._read_stream(fd, sink):
                    break

    def _replace_exited(self, sink, interrupted: bool) -> CellOutcome:
        try:
            status = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        self._drain(sink)
        self._discard()
        note = f"node exited ({_shown(status)}); {self._restart()} (every binding was lost)\n"
        return CellOutcome(interrupted=interrupted, restart_note=note,
                           exit_status=0 if status is None else (128 - status if status < 0 else status))

    def _restart(self) -> str:
        try:
            self._start()
            return "started a new one"
        except (OSError, RuntimeError) as failure:  # the sandbox at its process limit, say
            return f"could not start a new one yet ({failure}); the next cell tries again"

    def _signal(self, signum) -> None:
        try:
            os.kill(self._process.pid, signum)
        except OSError:
            pass

    def _discard(self) -> None:
        try:
            os.killpg(self._process.pid, signal.SIGKILL)  # node and whatever it started, in its own session
        except OSError:
            pass
        self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            stream.close()
        self._control.close()
        self._process = None


def _shown(status: int | None) -> str:
    if status is None:
        return "status unknown"
    return f"killed by signal {-status}" if status < 0 else f"status {status}"
