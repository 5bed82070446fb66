"""is_complete: asks a separate `bash -n` (parse only) so the live shell is never touched."""
import subprocess

# What bash says when the code stops in the middle of a construct.
_UNFINISHED_SIGNS = (
    "unexpected end of file",
    "delimited by end-of-file",
    "unexpected EOF while looking for matching",
)


def completeness(code: str) -> dict:
    if code.endswith("\\") or code.endswith("\\\n"):
        return {"status": "incomplete", "indent": ""}
    try:
        parse = subprocess.run(
            ["/bin/bash", "-n"],
            input=code.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {"status": "unknown"}
    complaints = parse.stderr.decode("utf-8", "replace")
    if any(sign in complaints for sign in _UNFINISHED_SIGNS):
        return {"status": "incomplete", "indent": ""}
    if parse.returncode != 0:
        return {"status": "invalid"}
    return {"status": "complete"}
