"""Entry point used by the kernelspec: python3 -m kb_bash_kernel -f {connection_file}."""
import os

from ipykernel.kernelapp import IPKernelApp

from .kernel import BashKernel


def _create_runtime_dirs():
    # The sandbox root fs is read-only and /tmp is an empty tmpfs, so the directories
    # Jupyter and IPython write to may not exist yet.
    for variable in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        path = os.environ.get(variable)
        if path:
            try:
                os.makedirs(path, exist_ok=True)
            except OSError:
                pass


if __name__ == "__main__":
    _create_runtime_dirs()
    IPKernelApp.launch_instance(kernel_class=BashKernel)
