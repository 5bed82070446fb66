"""Kernel Broker's Bash kernel (placeholder; the real kernel is being written)."""
