"""Kernel Broker's tuning of Jupyter Server inside the sandbox."""
