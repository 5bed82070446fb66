package dev.kernelbroker.jupyter;

/** How an execution ended. */
public enum ExecutionStatus {
  OK,
  /** The code raised (Python, JavaScript) or failed (a non-zero exit in Bash). */
  ERROR,
  TIMEOUT,
  KERNEL_DIED,
  CANCELLED
}
