"""How the Bash kernel behaves as a shell: state, streams, errors, interrupts, exit, big output."""
import unittest

from running_kernel import KernelTestCase, create_jupyter_dirs

FIVE_MB = 5_000_000


def setUpModule():
    create_jupyter_dirs()


class ShellStateTest(KernelTestCase):
    def test_state_persists_between_executions(self):
        setup = self.execute(
            "cd /tmp\nexport EXPORTED=exported-value\nPLAIN=plain-value\n"
            "greet() {\n  echo \"hello $1\"\n}\nalias shout='echo LOUD'"
        )
        self.assertEqual(setup.status, "ok", setup.reply)
        used = self.execute('pwd; echo "$EXPORTED $PLAIN"; bash -c \'echo "child sees $EXPORTED"\'; greet you; shout')
        self.assertEqual(used.status, "ok", used.reply)
        self.assertEqual(
            used.text("stdout"),
            "/tmp\nexported-value plain-value\nchild sees exported-value\nhello you\nLOUD\n",
        )

    def test_multi_line_constructs(self):
        code = (
            "cat <<'EOF'\n$not_expanded\nEOF\n"
            "for i in 1 2; do\n  if [ $i -eq 2 ]; then\n    echo two\n  else\n    echo one\n  fi\ndone\n"
            "case x in\n  x) echo matched ;;\nesac"
        )
        execution = self.execute(code)
        self.assertEqual(execution.status, "ok", execution.reply)
        self.assertEqual(execution.text("stdout"), "$not_expanded\none\ntwo\nmatched\n")

    def test_stdout_and_stderr_are_separate_streams(self):
        execution = self.execute("echo to-out; echo to-err >&2; echo more-out")
        self.assertEqual(execution.status, "ok", execution.reply)
        self.assertEqual(execution.text("stdout"), "to-out\nmore-out\n")
        self.assertEqual(execution.text("stderr"), "to-err\n")

    def test_exit_status_of_last_command_decides_error(self):
        self.assertBashError(self.execute("false"), 1)
        self.assertEqual(self.execute("false; true").status, "ok")
        failing_ls = self.execute("ls /nonexistent")
        self.assertBashError(failing_ls, 2)
        self.assertIn("/nonexistent", failing_ls.text("stderr"))
        self.assertEqual(failing_ls.text("stdout"), "")

    def test_silent_execution_publishes_nothing(self):
        execution = self.execute("echo quiet; false", silent=True)
        self.assertEqual(execution.status, "error")
        self.assertEqual(execution.messages, [])

    def test_execution_count_increments(self):
        first = self.execute("true").reply["content"]["execution_count"]
        second = self.execute("true").reply["content"]["execution_count"]
        self.assertEqual(second, first + 1)

    def test_kernel_info(self):
        self.client.kernel_info()
        reply = self.client.get_shell_msg(timeout=30)
        language = reply["content"]["language_info"]
        self.assertEqual((language["name"], language["mimetype"], language["file_extension"]), ("bash", "text/x-sh", ".sh"))


class InputAndInterruptTest(KernelTestCase):
    def test_commands_reading_stdin_see_end_of_input(self):
        read_builtin = self.execute("read x; echo \"read status $?\"", timeout=10)
        self.assertEqual(read_builtin.text("stdout"), "read status 1\n")
        for code in ("cat", "python3", "head -n 1"):
            with self.subTest(code=code):
                self.assertEqual(self.execute(code, timeout=10).status, "ok")

    def test_interrupt_stops_command_and_keeps_state(self):
        self.assertEqual(self.execute("KEPT=still-here").status, "ok")
        execution, reply_delay = self.execute_and_interrupt("echo started; sleep 100", after_seconds=1.0)
        self.assertLess(reply_delay, 3.0)
        self.assertEqual(execution.status, "error")
        self.assertEqual(execution.reply["content"]["ename"], "KeyboardInterrupt")
        # Like on a terminal, bash may add a newline after the interrupted command.
        self.assertEqual(execution.text("stdout").rstrip("\n"), "started")
        self.assertEqual(self.execute("echo $KEPT").text("stdout"), "still-here\n")

    def test_interrupt_of_shell_loop(self):
        execution, reply_delay = self.execute_and_interrupt("while :; do :; done", after_seconds=0.5)
        self.assertLess(reply_delay, 3.0)
        self.assertEqual(execution.reply["content"]["ename"], "KeyboardInterrupt")
        self.assertEqual(self.execute("echo alive").text("stdout"), "alive\n")


class ShellExitTest(KernelTestCase):
    def test_exit_starts_a_new_shell_and_says_so(self):
        self.execute("LOST=1")
        exited = self.execute("exit 3")
        self.assertBashError(exited, 3)
        self.assertIn("started a new shell", exited.text("stderr"))
        after = self.execute('echo "new shell, LOST=${LOST:-unset}"')
        self.assertEqual(after.status, "ok", after.reply)
        self.assertEqual(after.text("stdout"), "new shell, LOST=unset\n")


class OutputTest(KernelTestCase):
    def test_output_streams_while_command_runs(self):
        execution = self.execute("for i in 1 2 3; do echo $i; sleep 0.5; done")
        chunks = execution.streams("stdout")
        self.assertEqual("".join(c["content"]["text"] for c in chunks), "1\n2\n3\n")
        self.assertGreaterEqual(len(chunks), 3)
        sent_at = [c["header"]["date"] for c in chunks]
        self.assertGreaterEqual((sent_at[-1] - sent_at[0]).total_seconds(), 0.8)

    def test_five_megabytes_of_stdout_arrive_intact(self):
        execution = self.execute(f"head -c {FIVE_MB} /dev/zero | tr '\\0' x", timeout=90)
        self.assertEqual(execution.status, "ok")
        text = execution.text("stdout")
        self.assertEqual(len(text), FIVE_MB)
        self.assertEqual(set(text), {"x"})

    def test_five_megabytes_of_stderr_arrive_intact(self):
        execution = self.execute(f"head -c {FIVE_MB} /dev/zero | tr '\\0' e >&2; echo done", timeout=90)
        self.assertEqual(len(execution.text("stderr")), FIVE_MB)
        self.assertEqual(execution.text("stdout"), "done\n")

    def test_invalid_utf8_is_replaced_not_fatal(self):
        execution = self.execute("printf 'bad \\377 byte\\n'")
        self.assertEqual(execution.text("stdout"), "bad \ufffd byte\n")
        self.assertEqual(self.execute("echo ok").text("stdout"), "ok\n")


if __name__ == "__main__":
    unittest.main()
