"""The provisioner that gives the sandbox's warm kernel (see ``warm``) to the first request it fits."""
import os

from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.provisioner_base import KernelProvisionerBase

from kb_jupyter import warm as warm_kernel


class WarmProvisioner(LocalProvisioner):
    """A LocalProvisioner, except that a launch the warm kernel fits is given that kernel."""

    _adopted = None

    async def pre_launch(self, **kwargs):
        warm = warm_kernel.claim(self.kernel_spec.argv, kwargs.get("cwd"), "env" in kwargs)
        if warm is None:
            return await super().pre_launch(**kwargs)
        km = self.parent
        km.load_connection_info(warm.info)
        km.connection_file = warm.connection_file
        self.connection_info = km.get_connection_info()
        # Its ports were reserved in jupyter_client's port cache (see serve): a restart keeps them, and they go
        # back when the kernel is done for good.
        self.ports_cached = True
        self._adopted = warm
        kwargs.pop("extra_arguments", None)
        # The base class applies the kernelspec's environment as for any launch; LocalProvisioner's own step would
        # pick new ports and write another connection file.
        return await KernelProvisionerBase.pre_launch(self, cmd=km.format_kernel_cmd(), **kwargs)

    async def launch_kernel(self, cmd, **kwargs):
        warm, self._adopted = self._adopted, None
        if warm is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = warm.process
        self.pid = warm.process.pid
        try:
            self.pgid = os.getpgid(self.pid)
        except OSError:
            self.pgid = None
        return self.connection_info
