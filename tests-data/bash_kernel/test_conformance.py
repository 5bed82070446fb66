"""The Jupyter protocol conformance suite (jupyter_kernel_test) against the Bash kernel."""
import jupyter_kernel_test

from running_kernel import KERNEL_NAME, create_jupyter_dirs, forget_client


def setUpModule():
    create_jupyter_dirs()


class BashKernelConformanceTest(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "bash"
    file_extension = ".sh"

    code_hello_world = "echo 'hello, world'"
    code_stderr = "echo 'something went wrong' >&2"
    # Must fail without printing anything: the suite expects the error message alone.
    code_generate_error = "false"

    completion_samples = [
        {"text": "ech", "matches": {"echo"}},
        {"text": "echo $HOM", "matches": {"$HOME"}},
        {"text": "ls /pro", "matches": {"/proc/"}},
    ]
    complete_code_samples = [
        "echo hi",
        "for i in 1 2; do echo $i; done",
        "f() {\n  echo in f\n}",
        "cat <<EOF\nline\nEOF",
    ]
    incomplete_code_samples = [
        "for i in 1 2; do",
        "if true; then\n  echo yes",
        "echo 'unterminated",
        "cat <<EOF\nline",
        "echo \\",
    ]
    invalid_code_samples = ["fi", "done", "echo )"]

    # The kernel has no pager, rich results, display data, history, inspection or
    # clear_output. Removing those tests (rather than letting them skip) keeps a clean run's
    # last line a plain "OK".
    test_pager = None
    test_execute_result = None
    test_display_data = None
    test_history = None
    test_inspect = None
    test_clear_output = None

    @classmethod
    def tearDownClass(cls):
        forget_client(cls.kc, cls.km)
        del cls.kc, cls.km
