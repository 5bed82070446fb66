package dev.kernelbroker.access;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One client's limits and what it has used against them. Sessions open at once are a resilience4j bulkhead, calls per
 * minute its rate limiter (a fixed one-minute cycle: up to twice the rate can pass around a cycle's turn), CPU
 * seconds per hour a {@link CpuWindow}. Checks never wait: over a limit is answered at once with when to retry.
 */
public final class ClientQuota {
  /** How soon a client refused a session may try again: sessions free when closed or idle, at no set time. */
  static final Duration SESSION_RETRY = Duration.ofSeconds(30);

  private final String name;
  private final Limits limits;
  private final Bulkhead sessions;
  private final AtomicRateLimiter calls;
  private final CpuWindow cpu;
  private final BiConsumer<String, Refusal> refusals;

  ClientQuota(String name, Limits limits, LongSupplier millisClock) {
    this(name, limits, millisClock, (client, refusal) -> { });
  }

  ClientQuota(String name, Limits limits, LongSupplier millisClock, BiConsumer<String, Refusal> refusals) {
    this.refusals = refusals;
    this.name = name;
    this.limits = limits;
    this.sessions = limits.sessions().isPresent()
        ? Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(limits.sessions().getAsInt())
            .maxWaitDuration(Duration.ZERO).build())
        : null;
    this.calls = limits.callsPerMinute().isPresent()
        ? (AtomicRateLimiter) RateLimiter.of(name, RateLimiterConfig.custom()
            .limitForPeriod(limits.callsPerMinute().getAsInt()).limitRefreshPeriod(Duration.ofMinutes(1))
            .timeoutDuration(Duration.ZERO).build())
        : null;
    this.cpu = new CpuWindow(millisClock);
  }

  public String name() {
    return name;
  }

  public Limits limits() {
    return limits;
  }

  /** Takes a session slot, or says why not; every slot taken must be given back with {@link #sessionClosed()}. */
  public Optional<Refusal> openSession() {
    if (sessions == null || sessions.tryAcquirePermission()) {
      return Optional.empty();
    }
    return refused(new Refusal(Limits.SESSIONS, "token '" + name + "' already has "
        + limits.sessions().getAsInt() + " sessions open, its limit (" + Limits.SESSIONS + "="
        + limits.sessions().getAsInt() + "). End one (DELETE it, or close the client) or wait for an idle one to"
        + " expire", SESSION_RETRY));
  }

  private Optional<Refusal> refused(Refusal refusal) {
    refusals.accept(name, refusal);
    return Optional.of(refusal);
  }

  public void sessionClosed() {
    if (sessions != null) {
      sessions.onComplete();
    }
  }

  /** Admits one call that may run code: within the CPU budget of the last hour and the calls of this minute. */
  public Optional<Refusal> startCall() {
    return startCall(true);
  }

  /**
   * Admits one call, or says why not: every call counts against the calls of this minute, and one that may run code
   * also needs CPU budget left in the last hour (a status call does not, so a client over its CPU can look).
   */
  public Optional<Refusal> startCall(boolean runsCode) {
    if (runsCode && limits.cpuSecondsPerHour().isPresent()) {
      int budget = limits.cpuSecondsPerHour().getAsInt();
      double used = cpu.lastHour();
      if (used >= budget) {
        return refused(new Refusal(Limits.CPU_SECONDS_PER_HOUR, String.format(java.util.Locale.ROOT,
            "token '%s' used %.1f CPU seconds in the last hour, its limit (%s=%d)", name, used,
            Limits.CPU_SECONDS_PER_HOUR, budget), cpu.untilBelow(budget)));
      }
    }
    if (calls != null && !calls.acquirePermission()) {
      return refused(new Refusal(Limits.CALLS_PER_MINUTE, "token '" + name + "' made "
          + limits.callsPerMinute().getAsInt() + " calls this minute, its limit (" + Limits.CALLS_PER_MINUTE + "="
          + limits.callsPerMinute().getAsInt() + ")",
          Duration.ofNanos(Math.max(1, calls.getDetailedMetrics().getNanosToWait()))));
    }
    return Optional.empty();
  }

  /** Charges CPU time a call used, measured after it. */
  public void chargeCpu(double seconds) {
    if (seconds > 0) {
      cpu.add(seconds);
    }
  }

  public double cpuSecondsLastHour() {
    return cpu.lastHour();
  }

  public int sessionsOpen() {
    return sessions == null ? -1 : limits.sessions().getAsInt()
        - sessions.getMetrics().getAvailableConcurrentCalls();
  }
}
