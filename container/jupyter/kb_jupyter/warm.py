"""A Python kernel that starts with the sandbox, while Jupyter Server is still importing.

A sandbox's first kernel used to start only once the server answered: about 0.3 s of server imports, then about
0.4 s of kernel imports, one after the other (issue 9: a cold start's first result). ``serve`` calls ``start()``
before it imports Jupyter Server, so both boot side by side; the first request for this kernelspec is then given
this process instead of a new one, through ``WarmProvisioner`` (the server's default provisioner). The
server owns it from then on, exactly as one it launched: interrupts go to its process group, restarts and shutdowns
work through the same provisioner. Any other request (another kernelspec, another working folder or environment,
or the warm kernel died) launches as Jupyter always does.
"""
import json
import os
import signal
import socket
import subprocess
import threading
import uuid

SPEC = "/usr/local/share/jupyter/kernels/python3/kernel.json"
# Nobody asked for it (a sandbox used only for Bash): it is stopped, not left running unmanaged.
UNCLAIMED_FOR = 300

_lock = threading.Lock()
_warm = None


class _Warm:
    def __init__(self, process, argv, connection_file, info, cwd):
        self.process = process
        self.argv = argv
        self.connection_file = connection_file
        self.info = info
        self.cwd = cwd


def _free_ports(count):
    # As jupyter_client picks them: bound to port 0 on loopback, then released for the kernel to bind.
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def start(spec_path=SPEC):
    """Starts the warm kernel; without the kernelspec (not the sandbox image) nothing happens."""
    global _warm
    try:
        with open(spec_path) as f:
            spec = json.load(f)
    except (OSError, ValueError):
        return
    shell, iopub, stdin, control, hb = _free_ports(5)
    info = {"shell_port": shell, "iopub_port": iopub, "stdin_port": stdin, "control_port": control,
            "hb_port": hb, "ip": "127.0.0.1", "key": str(uuid.uuid4()), "transport": "tcp",
            "signature_scheme": "hmac-sha256", "kernel_name": os.path.basename(os.path.dirname(spec_path))}
    runtime = os.environ.get("JUPYTER_RUNTIME_DIR", "/tmp")
    os.makedirs(runtime, exist_ok=True)
    connection_file = os.path.join(runtime, "kernel-warm-%s.json" % uuid.uuid4().hex[:12])
    fd = os.open(connection_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(info, f)
    env = dict(os.environ)
    env.update(spec.get("env", {}))
    env["JPY_PARENT_PID"] = str(os.getpid())
    argv = [a.replace("{connection_file}", connection_file) for a in spec["argv"]]
    # As jupyter_client's launch_kernel: a session of its own (interrupts signal its group), stdin a pipe.
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env, start_new_session=True)
    with _lock:
        _warm = _Warm(process, spec["argv"], connection_file, info, os.getcwd())
    timer = threading.Timer(UNCLAIMED_FOR, _stop_unclaimed)
    timer.daemon = True
    timer.start()


def claim(spec_argv, cwd, env_given):
    """The warm kernel, if it fits this request and still runs; it is given out once."""
    global _warm
    with _lock:
        warm = _warm
        if warm is None or env_given or spec_argv != warm.argv or (cwd or os.getcwd()) != warm.cwd:
            return None
        _warm = None
    if warm.process.poll() is not None:
        _remove(warm.connection_file)
        return None
    return warm


def _stop_unclaimed():
    global _warm
    with _lock:
        warm, _warm = _warm, None
    if warm is not None:
        try:
            os.killpg(warm.process.pid, signal.SIGKILL)
        except OSError:
            pass
        warm.process.wait()
        _remove(warm.connection_file)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def reserve_ports(used):
    """Adds the warm kernel's ports to jupyter_client's set of ports in use, so no other kernel is given them."""
    with _lock:
        if _warm is not None:
            info = _warm.info
            used.update(info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"))
