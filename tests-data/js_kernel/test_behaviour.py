"""How the JavaScript kernel behaves as a REPL: bindings, await, streams, errors, interrupts, exit."""
import gc
import os
import signal
import time
import unittest

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


def setUpModule():
    for variable in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        if os.environ.get(variable):
            os.makedirs(os.environ[variable], exist_ok=True)


class JavaScriptBehaviourTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manager, cls.client = start_new_kernel(kernel_name="javascript", startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.client.stop_channels()
        cls.manager.shutdown_kernel(now=False)
        del cls.client, cls.manager
        gc.collect()

    def execute(self, code):
        messages = []
        reply = self.client.execute_interactive(code, output_hook=messages.append, timeout=TIMEOUT)
        return reply["content"], messages

    def execute_and_interrupt(self, code, after_seconds):
        msg_id = self.client.execute(code)
        time.sleep(after_seconds)
        started = time.monotonic()
        self.manager.interrupt_kernel()
        reply = self.client.get_shell_msg(timeout=TIMEOUT)
        delay = time.monotonic() - started
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        # After an error ipykernel aborts what arrives before it is idle again: wait for that, as a frontend does.
        while True:
            message = self.client.get_iopub_msg(timeout=TIMEOUT)
            if (message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"):
                return reply["content"], delay

    @staticmethod
    def text(messages, name):
        return "".join(m["content"]["text"] for m in messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @staticmethod
    def result(messages):
        return [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]

    def test_top_level_bindings_persist(self):
        reply, _ = self.execute("let counter = 1\nconst base = 10\nfunction twice(x) { return 2 * x }\n"
                                "class Box { constructor(v) { this.v = v } }\nvar legacy = 'v'")
        self.assertEqual(reply["status"], "ok", reply)
        reply, messages = self.execute("counter += 1;\n[counter, base, twice(base), new Box(3).v, legacy]")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result(messages), ["[ 2, 10, 20, 3, 'v' ]"])

    def test_require_of_built_in_modules(self):
        reply, messages = self.execute("const os = require('os')\nconst { join } = require('node:path')\n"
                                       "join('a', 'b') + ' ' + typeof os.cpus")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result(messages), ["'a/b function'"])

    def test_top_level_await_and_its_bindings(self):
        reply, messages = self.execute("const waited = await new Promise(r => setTimeout(() => r(7), 50))\n"
                                       "console.log('got', waited)")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(messages, "stdout"), "got 7\n")
        _, messages = self.execute("waited * 6")
        self.assertEqual(self.result(messages), ["42"])

    def test_console_log_and_error_are_separate_streams(self):
        reply, messages = self.execute(
            "console.log('out', {a: 1}); process.stdout.write('raw\\n'); console.error('err')")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(messages, "stdout"), "out { a: 1 }\nraw\n")
        self.assertEqual(self.text(messages, "stderr"), "err\n")
        self.assertEqual(self.result(messages), [])

    def test_five_megabytes_of_output_arrive_whole_and_in_order(self):
        reply, messages = self.execute("for (let i = 0; i < 50; i++) console.log(String(i).padStart(2, '0')"
                                       " + 'x'.repeat(100000))")
        self.assertEqual(reply["status"], "ok", reply)
        lines = self.text(messages, "stdout").splitlines()
        self.assertEqual([line[:2] for line in lines], [f"{i:02d}" for i in range(50)])
        self.assertTrue(all(len(line) == 100002 for line in lines))

    def test_uncaught_exception_is_an_error_with_its_stack(self):
        reply, messages = self.execute("function inner() { throw new TypeError('bad thing') }\n"
                                       "function outer() { inner() }\nouter()")
        self.assertEqual(reply["status"], "error")
        self.assertEqual((reply["ename"], reply["evalue"]), ("TypeError", "bad thing"))
        stack = "\n".join(reply["traceback"])
        self.assertIn("at inner", stack)
        self.assertIn("at outer", stack)
        self.assertNotIn("evaluator.js", stack)
        errors = [m for m in messages if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)

    def test_a_thrown_non_error_and_a_syntax_error(self):
        reply, _ = self.execute("throw 42")
        self.assertEqual((reply["status"], reply["ename"], reply["evalue"]), ("error", "Uncaught", "42"))
        reply, _ = self.execute("let = = 1")
        self.assertEqual((reply["status"], reply["ename"]), ("error", "SyntaxError"))

    def test_errors_in_callbacks_do_not_end_the_kernel(self):
        self.execute("let survivor = 'here'\nsetTimeout(() => { throw new Error('late') }, 10)")
        time.sleep(0.3)
        reply, messages = self.execute("survivor")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertIn("Uncaught Error: late", self.text(messages, "stderr"))
        self.assertEqual(self.result(messages), ["'here'"])

    def test_interrupt_of_a_busy_loop_keeps_the_bindings(self):
        self.execute("let kept = 'yes'")
        reply, delay = self.execute_and_interrupt("while (true) {}", 1.0)
        self.assertEqual((reply["status"], reply["ename"]), ("error", "KeyboardInterrupt"))
        self.assertFalse(reply["kb_state_reset"])
        self.assertLess(delay, 2.0)
        _, messages = self.execute("kept")
        self.assertEqual(self.result(messages), ["'yes'"])

    def test_interrupt_of_an_await_keeps_the_bindings(self):
        self.execute("let keptToo = 'yes'")
        reply, delay = self.execute_and_interrupt("await new Promise(() => {})", 1.0)
        self.assertEqual((reply["status"], reply["ename"]), ("error", "KeyboardInterrupt"))
        self.assertFalse(reply["kb_state_reset"])
        self.assertLess(delay, 2.0)
        _, messages = self.execute("keptToo")
        self.assertEqual(self.result(messages), ["'yes'"])

    def test_zz_busy_loop_after_an_await_replaces_node(self):
        self.execute("let doomed = 1")
        reply, delay = self.execute_and_interrupt("await null; while (true) {}", 1.0)
        self.assertEqual(reply["status"], "error")
        self.assertTrue(reply["kb_state_reset"])
        reply, _ = self.execute("doomed")
        self.assertEqual((reply["status"], reply["ename"]), ("error", "ReferenceError"))

    def test_zz_process_exit_starts_a_new_node_and_says_so(self):
        self.execute("let gone = 1")
        reply, messages = self.execute("console.log('bye'); process.exit(3)")
        self.assertEqual(reply["status"], "error")
        self.assertTrue(reply["kb_state_reset"])
        self.assertEqual(self.text(messages, "stdout"), "bye\n")
        self.assertIn("started a new one", self.text(messages, "stderr"))
        reply, _ = self.execute("typeof gone")
        self.assertEqual(reply["status"], "ok")
        _, messages = self.execute("typeof gone")
        self.assertEqual(self.result(messages), ["'undefined'"])

    def test_zz_node_killed_between_cells_is_replaced_and_the_next_cell_says_so(self):
        self.execute("let idle = 1\nsetTimeout(() => process.kill(process.pid, 'SIGKILL'), 100)")
        time.sleep(0.5)
        reply, messages = self.execute("typeof idle")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertTrue(reply["kb_state_reset"])
        self.assertIn("had ended since the previous cell (killed by signal 9)", self.text(messages, "stderr"))
        self.assertEqual(self.result(messages), ["'undefined'"])


class KilledKernelTest(unittest.TestCase):
    def test_a_kernel_killed_outright_takes_its_busy_node_along(self):
        manager, client = start_new_kernel(kernel_name="javascript", startup_timeout=TIMEOUT)
        try:
            client.execute("console.log(process.pid); while (true) {}")
            node_pid = None
            while node_pid is None:
                message = client.get_iopub_msg(timeout=TIMEOUT)
                if message["msg_type"] == "stream":
                    node_pid = int(message["content"]["text"])
            os.kill(manager.provisioner.process.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.running(node_pid):
                time.sleep(0.1)
            self.assertFalse(self.running(node_pid), "node outlived its kernel")
        finally:
            client.stop_channels()
            manager.cleanup_resources()
            del client, manager
            gc.collect()

    @staticmethod
    def running(pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended, only unreaped
        except FileNotFoundError:
            return False
