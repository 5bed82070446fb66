package dev.kernelbroker.session;

/**
 * A session's calls added up.
 *
 * @param calls calls that reached a kernel
 * @param measuredCalls of those, the ones whose CPU and memory could be read (the others add only wall time)
 * @param peakMemoryBytes the highest peak of any measured call
 */
public record UsageTotals(long calls, double wallSeconds, long measuredCalls, double cpuSeconds,
    long peakMemoryBytes) {
  public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0);

  UsageTotals plus(CallUsage usage) {
    double wall = wallSeconds + usage.wall().toNanos() / 1e9;
    return usage.sandbox()
        .map(s -> new UsageTotals(calls + 1, wall, measuredCalls + 1, cpuSeconds + s.cpuSeconds(),
            Math.max(peakMemoryBytes, s.peakMemoryBytes())))
        .orElseGet(() -> new UsageTotals(calls + 1, wall, measuredCalls, cpuSeconds, peakMemoryBytes));
  }

  /** The broker's own work for a call (a package install): its time and CPU count, but it is no call. */
  UsageTotals plusWork(CallUsage usage) {
    double wall = wallSeconds + usage.wall().toNanos() / 1e9;
    return usage.sandbox()
        .map(s -> new UsageTotals(calls, wall, measuredCalls, cpuSeconds + s.cpuSeconds(),
            Math.max(peakMemoryBytes, s.peakMemoryBytes())))
        .orElseGet(() -> new UsageTotals(calls, wall, measuredCalls, cpuSeconds, peakMemoryBytes));
  }
}
