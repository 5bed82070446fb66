"""Finding the processes a shell started, from /proc (no psutil in the sandbox image)."""
import os
import signal


def descendants(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat_file:
                stat = stat_file.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses; the fields after the last ")" may not.
        parent_pid = int(stat.rsplit(b")", 1)[1].split()[1])
        children.setdefault(parent_pid, []).append(int(entry))
    found, pending = [], [root_pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def kill_descendants(root_pid: int) -> None:
    for pid in descendants(root_pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
