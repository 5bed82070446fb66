#!/bin/sh
# Starts Jupyter Server for Kernel Broker inside the sandbox container (run under tini).
set -eu

if [ -z "${JUPYTER_TOKEN:-}" ]; then
  echo "kernel-broker-entrypoint: JUPYTER_TOKEN is not set; refusing to start Jupyter Server without a token" >&2
  exit 64
fi

# The root filesystem may be read-only: make the writable places Jupyter, IPython and matplotlib use.
mkdir -p "$JUPYTER_RUNTIME_DIR" "$JUPYTER_DATA_DIR" "$IPYTHONDIR" "$MPLCONFIGDIR" "$XDG_CACHE_HOME"
if ! [ -w "$HOME" ]; then
  export HOME=/tmp/home
  mkdir -p "$HOME"
fi

# A sandbox whose broker is gone (killed, crashed) stops itself: the broker touches KB_HEARTBEAT every
# quarter of KB_ORPHAN_TIMEOUT, and when the file is older than that, tini (pid 1) is asked to stop.
if [ -n "${KB_HEARTBEAT:-}" ]; then
  (
    limit="${KB_ORPHAN_TIMEOUT:-60}"
    while sleep 2; do
      beat=$(date -r "$KB_HEARTBEAT" +%s 2>/dev/null) || continue  # not stat: gVisor refuses its statx
      if [ $(( $(date +%s) - beat )) -gt "$limit" ]; then
        echo "kernel-broker-entrypoint: no heartbeat from the broker for over ${limit} s; stopping" >&2
        kill -TERM 1
        exit 0
      fi
    done
  ) &
fi

# Kernel lifetimes belong to the broker, so Jupyter's own culling stays off, and its restarter only reports a
# death (restart_limit=0) instead of racing the broker's own restart; terminals are not offered.
# Jupyter's IOPub rate limit would silently drop output of chatty cells; the broker caps output itself.
# Small kernel messages leave at once, large output in pieces (see kb_jupyter/websocket.py).
# With KB_JUPYTER_SOCK (network none) Jupyter listens only on that Unix socket, in a folder the broker mounted;
# otherwise on port 8888, which the broker publishes on the host's loopback.
export PYTHONPATH="/opt/kernel-broker${PYTHONPATH:+:$PYTHONPATH}"
if [ -n "${KB_JUPYTER_SOCK:-}" ]; then
  set -- --ServerApp.sock="$KB_JUPYTER_SOCK" --ServerApp.sock_mode=0600 "$@"
else
  set -- --ServerApp.ip=0.0.0.0 --ServerApp.port=8888 --ServerApp.port_retries=0 "$@"
fi
# kb-jupyter-server is jupyter-server, with the first Python kernel started beside it (kb_jupyter/warm.py).
exec kb-jupyter-server \
  --ServerApp.open_browser=False \
  --ServerApp.root_dir=/workspace \
  --ServerApp.terminals_enabled=False \
  --MappingKernelManager.cull_idle_timeout=0 \
  --KernelRestarter.restart_limit=0 \
  --ZMQChannelsWebsocketConnection.iopub_data_rate_limit=0 \
  --ServerApp.kernel_websocket_connection_class=kb_jupyter.websocket.BrokerWebsocketConnection \
  --MappingKernelManager.default_kernel_name=python3 \
  --ServerApp.kernel_spec_manager_class=kb_jupyter.kernelspecs.SandboxKernelSpecManager \
  --KernelSpecManager.ensure_native_kernel=False \
  --KernelProvisionerFactory.default_provisioner_name=kb-warm-provisioner \
  "$@"
