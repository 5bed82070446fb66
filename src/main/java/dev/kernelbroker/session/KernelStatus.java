package dev.kernelbroker.session;

import java.time.Instant;

/** What one of a session's kernels is doing; {@code state} is Jupyter's word, or "not started". */
public record KernelStatus(Language language, String state, Integer executionCount, Instant lastActivity) {}
