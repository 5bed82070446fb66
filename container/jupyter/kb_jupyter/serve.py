"""Jupyter Server for the sandbox, started beside its first kernel (run by ``kb-jupyter-server [options]``).

The warm kernel starts before Jupyter Server is imported, so the two boot side by side (see ``warm``).
"""
from kb_jupyter import warm


def main():
    warm.start()
    # Imported only now: the point is that the kernel does not wait for them.
    from jupyter_client.connect import LocalPortCache
    from jupyter_server.serverapp import main as serve

    warm.reserve_ports(LocalPortCache.instance().currently_used_ports)
    return serve()
