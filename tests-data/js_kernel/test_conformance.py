"""The Jupyter protocol conformance suite (jupyter_kernel_test) against the JavaScript kernel."""
import gc
import os

import jupyter_kernel_test


def setUpModule():
    # In the sandbox only /tmp (an empty tmpfs) is writable, and these directories live there.
    for variable in ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        if os.environ.get(variable):
            os.makedirs(os.environ[variable], exist_ok=True)


class JavaScriptKernelConformanceTest(jupyter_kernel_test.KernelTests):
    kernel_name = "javascript"
    language_name = "javascript"
    file_extension = ".js"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('something went wrong')"
    code_generate_error = "throw new Error('boom')"
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "await Promise.resolve([1, 2])", "result": "[ 1, 2 ]"},
    ]

    complete_code_samples = ["1 + 1", "function f() {\n  return 1\n}", "await Promise.resolve(1)", "let x = `a\nb`"]
    incomplete_code_samples = ["function f() {", "console.log(1,", "let t = `open", "if (true) {\n  x = 1"]
    invalid_code_samples = ["let = = 1", "}", "1 +* 2"]

    # The kernel has no completion, pager, display data, history, inspection or clear_output. Removing those
    # tests (rather than letting them skip) keeps a clean run's last line a plain "OK".
    test_completion = None
    test_pager = None
    test_display_data = None
    test_history = None
    test_inspect = None
    test_clear_output = None

    @classmethod
    def tearDownClass(cls):
        # Left to interpreter exit, the client's __del__ prints a traceback after unittest's summary line.
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        del cls.kc, cls.km
        gc.collect()
