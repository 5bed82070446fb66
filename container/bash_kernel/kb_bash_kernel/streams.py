"""Turns the raw bytes of a command's stdout and stderr into Jupyter stream messages."""
import codecs
import time

MAX_CHARS_PER_MESSAGE = 32768
MAX_DELAY_SECONDS = 0.05


class StreamCoalescer:
    """Batches output into few messages without delaying it noticeably.

    Bytes are decoded incrementally (a UTF-8 character may be split between reads; invalid
    bytes become U+FFFD rather than an exception). Text is published when a message is
    full, when it has waited MAX_DELAY_SECONDS, or when the other stream speaks, which keeps
    the arrival order of stdout and stderr.
    """

    def __init__(self, publish):
        self._publish = publish
        self._decoders = {
            name: codecs.getincrementaldecoder("utf-8")(errors="replace")
            for name in ("stdout", "stderr")
        }
        self._name = None
        self._parts = []
        self._size = 0
        self._first_at = 0.0

    def feed(self, name: str, data: bytes, final: bool = False) -> None:
        self._add(name, self._decoders[name].decode(data, final))

    def note(self, name: str, text: str) -> None:
        """Adds text from the kernel itself (not from bash) to a stream."""
        self._add(name, text)

    def tick(self) -> None:
        if self._parts and time.monotonic() - self._first_at >= MAX_DELAY_SECONDS:
            self.flush()

    def close(self) -> None:
        for name in self._decoders:
            self.feed(name, b"", final=True)
        self.flush()

    def flush(self) -> None:
        if self._parts:
            self._publish(self._name, "".join(self._parts))
        self._parts, self._size = [], 0

    def _add(self, name: str, text: str) -> None:
        if not text:
            return
        if name != self._name:
            self.flush()
            self._name = name
        if not self._parts:
            self._first_at = time.monotonic()
        while text:
            room = MAX_CHARS_PER_MESSAGE - self._size
            self._parts.append(text[:room])
            self._size += len(text[:room])
            text = text[room:]
            if self._size >= MAX_CHARS_PER_MESSAGE:
                self.flush()
                self._first_at = time.monotonic()


class CapturedOutput:
    """Collects output in memory, for the kernel's own short commands (completion)."""

    def __init__(self):
        self.stdout = bytearray()

    def feed(self, name: str, data: bytes, final: bool = False) -> None:
        if name == "stdout":
            self.stdout += data

    def note(self, name: str, text: str) -> None:
        pass

    def tick(self) -> None:
        pass
