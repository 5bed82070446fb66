package dev.kernelbroker.access;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * CPU seconds spent in the last hour, in sixty one-minute buckets. Own code rather than a library: CPU is charged
 * after a call, in amounts only known then, which neither resilience4j's rate limiter (permits taken before, whole
 * numbers, a fixed window) nor its bulkhead models; and a ring of sixty numbers is all it takes.
 */
final class CpuWindow {
  private static final int BUCKETS = 60;
  private static final long BUCKET_MS = 60_000;

  private final LongSupplier clock;
  private final double[] seconds = new double[BUCKETS];
  private final long[] minuteOf = new long[BUCKETS];

  CpuWindow(LongSupplier millisClock) {
    this.clock = millisClock;
  }

  synchronized void add(double cpuSeconds) {
    long minute = clock.getAsLong() / BUCKET_MS;
    int slot = (int) (minute % BUCKETS);
    if (minuteOf[slot] != minute) {
      minuteOf[slot] = minute;
      seconds[slot] = 0;
    }
    seconds[slot] += cpuSeconds;
  }

  /** CPU seconds charged in the current minute and the 59 before it. */
  synchronized double lastHour() {
    long now = clock.getAsLong() / BUCKET_MS;
    double sum = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (now - minuteOf[i] < BUCKETS) {
        sum += seconds[i];
      }
    }
    return sum;
  }

  /** How long until the last hour's total drops below {@code limit}, as old minutes leave the window. */
  synchronized Duration untilBelow(double limit) {
    long nowMs = clock.getAsLong();
    long now = nowMs / BUCKET_MS;
    double sum = lastHour();
    for (long minute = now - BUCKETS + 1; minute <= now && sum >= limit; minute++) {
      int slot = (int) (Math.floorMod(minute, (long) BUCKETS));
      if (minuteOf[slot] == minute) {
        sum -= seconds[slot];
      }
      if (sum < limit) {
        return Duration.ofMillis((minute + BUCKETS) * BUCKET_MS - nowMs);
      }
    }
    return sum < limit ? Duration.ZERO : Duration.ofHours(1);
  }
}
