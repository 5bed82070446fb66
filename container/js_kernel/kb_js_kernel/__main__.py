"""Entry point used by the kernelspec: python3 -m kb_js_kernel -f {connection_file}."""
import os

from ipykernel.kernelapp import IPKernelApp

from .kernel import JavaScriptKernel

if __name__ == "__main__":
    # The sandbox root fs is read-only and /tmp an empty tmpfs: the runtime directory may not exist yet.
    for variable in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        if os.environ.get(variable):
            os.makedirs(os.environ[variable], exist_ok=True)
    IPKernelApp.launch_instance(kernel_class=JavaScriptKernel)
