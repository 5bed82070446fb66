package dev.kernelbroker.session;

import java.time.Instant;
import java.util.List;

/** A kernel session as {@code get_kernel_status} shows it. */
public record SessionStatus(String id, Instant created, Instant lastActivity, SandboxStatus sandbox,
    List<KernelStatus> kernels) {
  public SessionStatus {
    kernels = List.copyOf(kernels);
  }

  /** A session that has run nothing yet: no kernels, no times. */
  public static SessionStatus notStarted(String id) {
    return new SessionStatus(id, null, null, null, java.util.Arrays.stream(Language.values())
        .map(l -> new KernelStatus(l, dev.kernelbroker.jupyter.KernelState.NOT_STARTED.wire(), null, null)).toList());
  }
}
