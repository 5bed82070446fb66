package dev.kernelbroker.session;

import java.time.Instant;
import java.util.List;

/** A kernel session as {@code get_kernel_status} shows it. */
public record SessionStatus(String id, Instant created, Instant lastActivity, List<KernelStatus> kernels) {
  public SessionStatus {
    kernels = List.copyOf(kernels);
  }
}
