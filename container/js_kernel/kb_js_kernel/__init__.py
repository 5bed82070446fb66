"""Kernel Broker's Jupyter kernel for JavaScript: one long-lived Node.js process per kernel."""

__version__ = "0.1.0"
