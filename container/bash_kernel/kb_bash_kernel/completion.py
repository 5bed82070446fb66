"""Tab completion with `compgen`, run in the live shell so it sees its cwd, functions and variables."""
import re
import shlex

_WORD_BEFORE_CURSOR = re.compile(r"[^\s;&|<>()`'\"]*\Z")
# A word right after one of these is in command position.
_COMMAND_STARTERS = re.compile(r"(?:\A|[;&|(`{]|\$\(|\b(?:then|do|else|elif|if|while|until|time|!))\s*\Z")
_VARIABLE_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)?\Z")
MAX_MATCHES = 1000


class CompletionRequest:
    """What to complete in `code` at `cursor_pos`, and the compgen command line that lists candidates."""

    def __init__(self, code: str, cursor_pos: int):
        before_cursor = code[:cursor_pos]
        self.word = _WORD_BEFORE_CURSOR.search(before_cursor).group()
        self.cursor_start = cursor_pos - len(self.word)
        self.cursor_end = cursor_pos
        variable = _VARIABLE_REFERENCE.search(self.word)
        if variable:
            self._kept_prefix = self.word[: variable.start(1) if variable.group(1) else len(self.word)]
            self._listing = f"\\builtin compgen -v -- {shlex.quote(variable.group(1) or '')}"
        elif _COMMAND_STARTERS.search(before_cursor[: self.cursor_start]) and "/" not in self.word:
            self._kept_prefix = ""
            self._listing = f"\\builtin compgen -c -- {shlex.quote(self.word)}"
        else:
            self._kept_prefix = ""
            # Directories get a trailing slash, so completion can go on into them.
            self._listing = (
                f"\\builtin compgen -f -- {shlex.quote(self.word)} | "
                "while IFS= \\builtin read -r m; do "
                "if [[ -d $m ]]; then \\builtin printf '%s/\\n' \"$m\"; "
                "else \\builtin printf '%s\\n' \"$m\"; fi; done"
            )

    def shell_command(self) -> str:
        return f"{{ {self._listing}; }} </dev/null 2>/dev/null"

    def reply(self, listing: bytes) -> dict:
        names = listing.decode("utf-8", "replace").splitlines()
        matches = sorted({self._kept_prefix + name for name in names if name})[:MAX_MATCHES]
        return {
            "status": "ok",
            "matches": matches,
            "cursor_start": self.cursor_start,
            "cursor_end": self.cursor_end,
            "metadata": {},
        }
