"""One interactive bash behind a pseudo-terminal, driven one command line at a time.

stdout goes to the terminal, so programs line-buffer and output streams. stderr of each
cell is redirected to a FIFO the kernel reads separately, because a terminal would merge
the two. The code of a cell is written to a file and `source`d: that keeps every kind of
state (cwd, variables, functions, aliases) and sidesteps the terminal's line-length limit
and continuation prompts for multi-line code.
"""
import os
import select
import shlex
import signal
import threading
import time
from dataclasses import dataclass

import pexpect

from .marker import MarkerScanner
from .proctree import kill_descendants
from .streams import CapturedOutput

RC_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bashrc.sh")
READ_SIZE = 65536
POLL_SECONDS = 0.05
STARTUP_TIMEOUT_SECONDS = 15.0
# After Ctrl-C, when to kill what bash runs, and when to give up on bash itself.
KILL_CHILDREN_AFTER_SECONDS = 1.5
REPLACE_SHELL_AFTER_SECONDS = 4.0
INTERRUPTED_STATUS = 130


@dataclass
class LineOutcome:
    status: int | None = None  # exit status of the command line; None if it never finished
    interrupted: bool = False
    shell_exit_status: int | None = None  # set when bash itself ended
    restart_note: str | None = None  # set when a new bash replaced the old one (state is gone)


def _default_signals_for_bash():
    # The kernel ignores SIGINT and Python ignores SIGPIPE; ignored signals survive exec,
    # which would make Ctrl-C useless and turn `yes | head` into "Broken pipe" errors.
    for signal_number in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGXFSZ, signal.SIGTERM):
        signal.signal(signal_number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


class BashShell:
    def __init__(self, workdir: str):
        self._cell_path = os.path.join(workdir, "cell.sh")
        self._fifo_path = os.path.join(workdir, "stderr.fifo")
        os.mkfifo(self._fifo_path, 0o600)
        # Holding the write end too means the FIFO never reports EOF between cells, and
        # bash's open() of it never blocks waiting for a reader.
        self._stderr_fd = os.open(self._fifo_path, os.O_RDWR | os.O_NONBLOCK)
        self._scanner = MarkerScanner(os.urandom(8).hex())
        self._seq = 0
        self._interrupt_requested = False
        self._starting = False
        self._child = None
        self._start()

    def run_cell(self, code: str, sink) -> LineOutcome:
        with open(self._cell_path, "w", encoding="utf-8", errors="surrogateescape") as cell_file:
            cell_file.write(code if code.endswith("\n") else code + "\n")
        # The group puts even the `set -x` trace of `source` itself on the stderr FIFO.
        source = f"{{ \\builtin source {shlex.quote(self._cell_path)}; }}"
        return self.run_line(f"{source} </dev/null 2>{shlex.quote(self._fifo_path)}", sink)

    def run_line(self, command: str, sink, timeout: float | None = None) -> LineOutcome:
        """Runs one line in the live shell; SIGINT to the kernel meanwhile interrupts it."""
        self._seq += 1
        self._child.send(f"{command}; {self._scanner.command_line_suffix(self._seq)}\n".encode())
        self._interrupt_requested = False
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous_handler = signal.signal(signal.SIGINT, self._note_interrupt) if in_main_thread else None
        try:
            return self._await_marker(sink, timeout)
        finally:
            if in_main_thread:
                signal.signal(signal.SIGINT, previous_handler)

    def close(self) -> None:
        if self._child is not None:
            kill_descendants(self._child.pid)
            self._child.close(force=True)
            self._child = None
        os.close(self._stderr_fd)

    def _start(self) -> None:
        environment = dict(os.environ, TERM="dumb", PAGER="cat")
        environment.pop("PROMPT_COMMAND", None)
        self._child = pexpect.spawn(
            "/bin/bash",
            ["--noprofile", "--rcfile", RC_FILE, "--noediting", "-i"],
            env=environment,
            echo=False,
            dimensions=(50, 160),
            preexec_fn=_default_signals_for_bash,
        )
        self._scanner.take_held()
        self._starting = True
        try:
            outcome = self.run_line(":", CapturedOutput(), timeout=STARTUP_TIMEOUT_SECONDS)
        finally:
            self._starting = False
        if outcome.status is None:
            raise RuntimeError("bash did not start")

    def _note_interrupt(self, signal_number, frame) -> None:
        self._interrupt_requested = True

    def _await_marker(self, sink, timeout: float | None) -> LineOutcome:
        started = time.monotonic()
        interrupted_at = None
        children_killed = False
        pty_fd = self._child.child_fd
        pty_open = True
        last_liveness_check = started
        while True:
            now = time.monotonic()
            if timeout is not None and interrupted_at is None and now - started > timeout:
                self._interrupt_requested = True
            if self._interrupt_requested:
                self._interrupt_requested = False
                self._child.sendintr()
                if interrupted_at is None:
                    interrupted_at = now
                    # Bash drops the rest of the interrupted line, marker included, so ask for a new one.
                    self._seq += 1
                    self._child.send(f"{self._scanner.command_line_suffix(self._seq, str(INTERRUPTED_STATUS))}\n".encode())
            watched = [self._stderr_fd, pty_fd] if pty_open else [self._stderr_fd]
            readable, _, _ = select.select(watched, [], [], POLL_SECONDS)
            if self._stderr_fd in readable:
                self._read_stderr_once(sink)
            if pty_fd in readable:
                data = self._read_pty()
                if data is None:
                    pty_open = False
                else:
                    output, markers = self._scanner.feed(data)
                    sink.feed("stdout", output)
                    finished = [status for seq, status in markers if seq == self._seq]
                    if finished:
                        self._drain_stderr(sink)
                        return LineOutcome(status=finished[0], interrupted=interrupted_at is not None)
            sink.tick()
            if not readable or not pty_open or now - last_liveness_check > 0.5:
                last_liveness_check = now
                if not self._child.isalive():
                    return self._replace_dead_shell(sink, interrupted_at is not None)
            if interrupted_at is not None:
                waited = now - interrupted_at
                if waited > KILL_CHILDREN_AFTER_SECONDS and not children_killed:
                    children_killed = True
                    kill_descendants(self._child.pid)
                elif waited > REPLACE_SHELL_AFTER_SECONDS:
                    return self._replace_stuck_shell(sink)

    def _read_pty(self) -> bytes | None:
        try:
            data = os.read(self._child.child_fd, READ_SIZE)
        except OSError:  # EIO: every process holding the terminal has gone
            return None
        return data or None

    def _read_stderr_once(self, sink) -> bool:
        try:
            data = os.read(self._stderr_fd, READ_SIZE)
        except BlockingIOError:
            return False
        sink.feed("stderr", data)
        return bool(data)

    def _drain_stderr(self, sink) -> None:
        # Everything the finished command wrote is already in the pipe; anything a
        # background job writes later may be endless, so stop once the pipe is empty.
        while self._read_stderr_once(sink):
            pass

    def _drain_leftovers(self, sink) -> None:
        for _ in range(64):
            readable, _, _ = select.select([self._child.child_fd], [], [], 0)
            data = self._read_pty() if readable else None
            if data is None:
                break
            output, _ = self._scanner.feed(data)
            sink.feed("stdout", output)
        sink.feed("stdout", self._scanner.take_held())
        self._drain_stderr(sink)

    def _replace_dead_shell(self, sink, interrupted: bool) -> LineOutcome:
        self._drain_leftovers(sink)
        if self._starting:  # a bash that cannot even start is not worth retrying forever
            return LineOutcome()
        if self._child.signalstatus is not None:
            status = 128 + self._child.signalstatus
        else:
            status = self._child.exitstatus or 0
        self._discard_child()
        self._start()
        note = f"bash exited with status {status}; started a new shell (state was reset)\n"
        return LineOutcome(interrupted=interrupted, shell_exit_status=status, restart_note=note)

    def _replace_stuck_shell(self, sink) -> LineOutcome:
        self._drain_leftovers(sink)
        if self._starting:
            return LineOutcome()
        self._discard_child()
        self._start()
        note = "bash did not stop after the interrupt; started a new shell (state was reset)\n"
        return LineOutcome(interrupted=True, restart_note=note)

    def _discard_child(self) -> None:
        kill_descendants(self._child.pid)
        self._child.close(force=True)
