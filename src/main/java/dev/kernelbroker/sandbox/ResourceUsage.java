package dev.kernelbroker.sandbox;

/**
 * What a sandbox's cgroup counted over one call.
 *
 * @param cpuSeconds CPU time of every process in the sandbox (user and system) between the two readings
 * @param peakMemoryBytes the highest memory the cgroup was charged (page cache included)
 * @param peakPerCall true when the peak was reset before the call, so it is this call's; false when the host does not
 *     allow a reset and it is the sandbox's peak since it started
 */
public record ResourceUsage(double cpuSeconds, long peakMemoryBytes, boolean peakPerCall) {}
