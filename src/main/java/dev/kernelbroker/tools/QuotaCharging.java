package dev.kernelbroker.tools;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.session.CallUsage;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.session.SessionObserver;
import java.time.Duration;

/**
 * Charges each call's measured CPU time to the quota of the client its session belongs to, then tells the next
 * observer (metrics). Calls whose CPU could not be measured charge nothing: the CPU limit needs the cgroup counters.
 */
public final class QuotaCharging implements SessionObserver {
  private final QuotaRegistry quotas;
  private final SessionObserver next;

  public QuotaCharging(QuotaRegistry quotas, SessionObserver next) {
    this.quotas = quotas;
    this.next = next;
  }

  @Override
  public void executed(KernelSession session, Language language, ExecutionResult result, CallUsage usage) {
    usage.sandbox().ifPresent(s -> quotas.client(session.client()).chargeCpu(s.cpuSeconds()));
    next.executed(session, language, result, usage);
  }

  @Override
  public void brokerWork(KernelSession session, CallUsage usage) {
    usage.sandbox().ifPresent(s -> quotas.client(session.client()).chargeCpu(s.cpuSeconds()));
    next.brokerWork(session, usage);
  }

  @Override
  public void claimWaited(Duration wait, boolean claimed) {
    next.claimWaited(wait, claimed);
  }

  @Override
  public void callTook(Language language, Duration total, Duration kernel) {
    next.callTook(language, total, kernel);
  }
}
