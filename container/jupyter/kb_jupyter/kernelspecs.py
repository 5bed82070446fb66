"""Kernelspec lookups that do not import ipykernel into Jupyter Server.

jupyter_client imports IPython into the server on its first kernelspec lookup, only to name IPython's own kernels
folder, and ipykernel (IPython again) to check whether ``python3`` is ipykernel's bundled spec: together about
0.2 s of the sandbox's first kernel start, on the cold start's path (issue 9). Here the folder is named from
IPYTHONDIR as IPython would, and the comparison is made only for a spec that really is in ipykernel's package
(the sandbox's ``python3`` is its own, in /usr/local/share/jupyter/kernels).
"""
import importlib.util
import os

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.provisioning import KernelProvisionerFactory
from jupyter_core.paths import jupyter_path
from traitlets import default


def _ipykernel_dir():
    spec = importlib.util.find_spec("ipykernel")  # locates the package without importing it
    return os.path.dirname(spec.origin) if spec and spec.origin else None


class SandboxKernelSpecManager(KernelSpecManager):
    @default("kernel_dirs")
    def _kernel_dirs_default(self):
        ipython_dir = os.environ.get("IPYTHONDIR") or os.path.join(os.path.expanduser("~"), ".ipython")
        return [*jupyter_path("kernels"), os.path.join(ipython_dir, "kernels")]

    def _get_kernel_spec_by_name(self, kernel_name, resource_dir):
        package = _ipykernel_dir()
        if package and os.path.abspath(resource_dir).startswith(package + os.sep):
            return super()._get_kernel_spec_by_name(kernel_name, resource_dir)
        kspec = self.kernel_spec_class.from_resource_dir(resource_dir)
        if not KernelProvisionerFactory.instance(parent=self.parent).is_provisioner_available(kspec):
            raise NoSuchKernel(kernel_name)
        return kspec
