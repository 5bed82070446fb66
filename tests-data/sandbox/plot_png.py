"""Runs a matplotlib plot in the image's python3 kernel and prints the MIME types of what came back."""
import json
import os

from jupyter_client.manager import start_new_kernel

for d in ("JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
    os.makedirs(os.environ[d], exist_ok=True)

km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60)
mimes = []
try:
    def keep(msg):
        if msg["msg_type"] in ("display_data", "execute_result"):
            mimes.extend(msg["content"]["data"].keys())

    reply = kc.execute_interactive(
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()",
        timeout=60, output_hook=keep)
    print(json.dumps({"status": reply["content"]["status"], "mimes": sorted(set(mimes))}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
