"""A Bash kernel started through jupyter_client, as the tests' handle on it.

Not a test module itself (no test_ prefix); the test modules import it.
"""
import gc
import os
import time
import unittest
from dataclasses import dataclass, field

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = "bash"
STARTUP_TIMEOUT_SECONDS = 60
EXECUTE_TIMEOUT_SECONDS = 60


def create_jupyter_dirs():
    # In the sandbox only /tmp (an empty tmpfs) is writable, and these directories live there.
    for variable in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        if os.environ.get(variable):
            os.makedirs(os.environ[variable], exist_ok=True)


def forget_client(client, manager):
    """Stops a kernel and drops the client now; left to interpreter exit, the client's
    __del__ prints a traceback after unittest's final summary line."""
    client.stop_channels()
    manager.shutdown_kernel(now=False)
    del client, manager
    gc.collect()


@dataclass
class Execution:
    reply: dict
    messages: list = field(default_factory=list)  # iopub messages of the request, except status/execute_input

    @property
    def status(self) -> str:
        return self.reply["content"]["status"]

    def streams(self, name: str) -> list:
        return [m for m in self.messages if m["msg_type"] == "stream" and m["content"]["name"] == name]

    def text(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.streams(name))

    def errors(self) -> list:
        return [m["content"] for m in self.messages if m["msg_type"] == "error"]


class KernelTestCase(unittest.TestCase):
    """Each test class gets a kernel of its own, started once for the class."""

    @classmethod
    def setUpClass(cls):
        create_jupyter_dirs()
        cls.manager, cls.client = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT_SECONDS)

    @classmethod
    def tearDownClass(cls):
        forget_client(cls.client, cls.manager)
        del cls.client, cls.manager

    def execute(self, code: str, timeout: float = EXECUTE_TIMEOUT_SECONDS, **options) -> Execution:
        messages = []

        def keep(message):
            if message["msg_type"] not in ("status", "execute_input"):
                messages.append(message)

        reply = self.client.execute_interactive(code, output_hook=keep, timeout=timeout, **options)
        return Execution(reply, messages)

    def execute_and_interrupt(self, code: str, after_seconds: float) -> tuple[Execution, float]:
        """Starts code, sends SIGINT (as Jupyter does) after a while; returns the execution and how long the reply took."""
        msg_id = self.client.execute(code)
        time.sleep(after_seconds)
        interrupted_at = time.monotonic()
        self.manager.interrupt_kernel()
        reply = self.client.get_shell_msg(timeout=EXECUTE_TIMEOUT_SECONDS)
        reply_delay = time.monotonic() - interrupted_at
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return Execution(reply, self._iopub_until_idle(msg_id)), reply_delay

    def _iopub_until_idle(self, msg_id: str) -> list:
        messages = []
        while True:
            message = self.client.get_iopub_msg(timeout=EXECUTE_TIMEOUT_SECONDS)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return messages
            if message["msg_type"] not in ("status", "execute_input"):
                messages.append(message)

    def assertBashError(self, execution: Execution, exit_status: int):
        self.assertEqual(execution.status, "error")
        content = execution.reply["content"]
        self.assertEqual(content["ename"], "BashError")
        self.assertIn(f"exit status {exit_status}", content["evalue"])
        self.assertEqual([(e["ename"], e["evalue"]) for e in execution.errors()], [(content["ename"], content["evalue"])])
