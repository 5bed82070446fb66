package dev.kernelbroker.session;

import java.time.Instant;

/** A session's own sandbox as {@code get_kernel_status} shows it. */
public record SandboxStatus(String name, String containerId, long generation, boolean fromPool, Instant startedAt) {}
