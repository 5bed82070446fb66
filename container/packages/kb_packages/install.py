"""pip, run as the sandbox user into a per-sandbox folder under /tmp, bounded in time and in bytes written.

The root filesystem is read-only and nobody is root, so nothing goes to the system site: pip installs with
--prefix into a fresh staging folder (which also skips Debian's PEP 668 guard, meant for the system site), the
staging folder is measured while pip runs and after, and only a finished install within the size cap is moved
into SITE. Dependencies the image or SITE already provide are kept (pip sees both on its path).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = "/tmp/kernel-broker"
SITE = os.path.join(ROOT, "site-packages")
STAGING = os.path.join(ROOT, "staging")
_WATCH_SECONDS = 0.25
# pip says "no matching distribution" also when it could not reach the index at all; that must not read as "not found".
_UNREACHABLE = re.compile(r"Failed to establish a new connection|NewConnectionError|Max retries exceeded|"
                          r"Could not fetch URL|Temporary failure in name resolution|Network is unreachable")
_NOT_FOUND = re.compile(r"No matching distribution found for|Could not find a version that satisfies")
_SPEC = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?((==|>=|<=|~=|!=|<|>)[A-Za-z0-9.*+!_-]+)?")


class InstallFailure(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason  # not_found | timeout | too_large | failed
        self.detail = detail


def valid_spec(spec: str) -> bool:
    return bool(_SPEC.fullmatch(spec))


def ensure_on_path() -> None:
    # Appended, not prepended: what the image ships stays in front; SITE only fills what is missing.
    if SITE not in sys.path:
        sys.path.append(SITE)


def _size(path: str) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def _command(spec: str, index_url: str | None, report: str) -> list:
    command = [sys.executable, "-m", "pip", "install", "--prefix", os.path.join(STAGING, "prefix"),
               "--no-cache-dir", "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
               "--no-warn-script-location", "--prefer-binary", "--retries", "2", "--timeout", "15",
               "--report", report, spec]
    if index_url:
        command[4:4] = ["--index-url", index_url]
        parsed = urllib.parse.urlsplit(index_url)
        if parsed.scheme == "http" and parsed.hostname:
            # The operator chose a plain-HTTP index (a local mirror); pip ignores one unless told to trust it.
            command[4:4] = ["--trusted-host", parsed.hostname]
    return command


def _staged_site() -> str | None:
    for folder, dirs, _ in os.walk(os.path.join(STAGING, "prefix")):
        for name in dirs:
            if name in ("site-packages", "dist-packages"):
                return os.path.join(folder, name)
    return None


def install(spec: str, index_url: str | None, deadline: float, max_bytes: int) -> list:
    """Installs one requirement; returns [{name, version}] of what pip installed. Raises InstallFailure."""
    shutil.rmtree(STAGING, ignore_errors=True)
    os.makedirs(os.path.join(STAGING, "tmp"), exist_ok=True)
    os.makedirs(SITE, exist_ok=True)
    report = os.path.join(STAGING, "report.json")
    environment = dict(os.environ, TMPDIR=os.path.join(STAGING, "tmp"), PYTHONPATH=SITE, PIP_NO_INPUT="1")
    try:
        pip = subprocess.Popen(_command(spec, index_url, report), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=environment, start_new_session=True)
        over = threading.Event()

        def watch():
            while pip.poll() is None:
                if _size(STAGING) > max_bytes:
                    over.set()
                    _kill(pip)
                    return
                time.sleep(_WATCH_SECONDS)

        threading.Thread(target=watch, daemon=True).start()
        try:
            output, _ = pip.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill(pip)
            pip.communicate()
            raise InstallFailure("timeout", f"pip did not finish installing {spec} in time (BROKER_PIP_TIMEOUT)")
        except BaseException:  # an interrupt (the broker's timeout or cancel) reaches the kernel, not pip
            _kill(pip)
            pip.communicate()
            raise
        text = output.decode("utf-8", "replace")
        if over.is_set() or _size(STAGING) > max_bytes:
            raise InstallFailure("too_large", f"installing {spec} writes more than {_readable(max_bytes)}"
                                 " (BROKER_PIP_MAX_SIZE)")
        if pip.returncode != 0:
            unreachable = next((line for line in text.splitlines() if _UNREACHABLE.search(line)), None)
            if unreachable:
                raise InstallFailure("unreachable", "the package index could not be reached ("
                                     + unreachable.strip()[:300] + ")")
            if _NOT_FOUND.search(text):
                raise InstallFailure("not_found", f"no distribution named {spec} on the package index")
            raise InstallFailure("failed", "pip failed: " + _tail(text))
        installed = _installed(report)
        staged = _staged_site()
        if staged:
            for name in os.listdir(staged):
                target = os.path.join(SITE, name)
                if os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                elif os.path.lexists(target):
                    os.remove(target)
                shutil.move(os.path.join(staged, name), target)
        return installed
    finally:
        shutil.rmtree(STAGING, ignore_errors=True)


def _readable(size: int) -> str:
    return f"{size / (1 << 20):.0f} MiB" if size >= 1 << 20 else f"{size} bytes"


def _kill(pip) -> None:
    # pip runs in a session of its own, with whatever it started (a build backend): all of it goes.
    try:
        os.killpg(pip.pid, signal.SIGKILL)
    except OSError:
        pass


def _installed(report: str) -> list:
    try:
        with open(report, encoding="utf-8") as file:
            entries = json.load(file).get("install", [])
    except (OSError, ValueError):
        return []
    return [{"name": e["metadata"]["name"], "version": e["metadata"]["version"]} for e in entries]


def _tail(text: str, lines: int = 8) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "\n".join(kept)[-2000:]
