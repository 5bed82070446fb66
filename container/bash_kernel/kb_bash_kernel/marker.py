"""The end-of-command marker that bash prints after each command line the kernel sends."""
import re


class MarkerScanner:
    """Separates a command's own terminal output from the markers `__KB<token>_<seq>_<status>__`.

    Output can arrive split anywhere, so a tail that might be the start of a marker is held
    back until the next read decides it; everything else is released at once, so output
    still streams while the command runs.
    """

    def __init__(self, token: str):
        self.prefix = f"__KB{token}_".encode()
        escaped = re.escape(self.prefix)
        self._complete = re.compile(escaped + rb"(\d+)_(\d+)__")
        self._unfinished = re.compile(escaped + rb"(?:\d+(?:_(?:\d+_?)?)?)?\Z")
        self._held = b""

    def command_line_suffix(self, seq: int, status: str = '"$?"') -> str:
        """Shell text that prints the marker for `seq`; quiet even under `set -x`."""
        return (
            f"{{ \\builtin printf '{self.prefix.decode()}%s_%s__' {seq} {status}; "
            "PS1=''; PS2=''; PROMPT_COMMAND=''; } 2>/dev/null"
        )

    def feed(self, data: bytes) -> tuple[bytes, list[tuple[int, int]]]:
        """Returns the output that is certainly not part of a marker, and the (seq, status) markers seen."""
        buffer = self._held + data
        released, markers, position = [], [], 0
        for match in self._complete.finditer(buffer):
            released.append(buffer[position:match.start()])
            markers.append((int(match[1]), int(match[2])))
            position = match.end()
        rest = buffer[position:]
        cut = self._start_of_possible_marker(rest)
        released.append(rest[:cut])
        self._held = rest[cut:]
        return b"".join(released), markers

    def take_held(self) -> bytes:
        """Gives up on the held tail (the shell is gone) and returns it as plain output."""
        held, self._held = self._held, b""
        return held

    def _start_of_possible_marker(self, rest: bytes) -> int:
        match = self._unfinished.search(rest)
        if match:
            return match.start()
        for length in range(min(len(self.prefix) - 1, len(rest)), 0, -1):
            if rest.endswith(self.prefix[:length]):
                return len(rest) - length
        return len(rest)
