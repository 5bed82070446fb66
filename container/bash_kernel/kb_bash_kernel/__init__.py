"""Kernel Broker's Jupyter kernel for Bash: one persistent interactive bash per kernel."""

__version__ = "0.1.0"
