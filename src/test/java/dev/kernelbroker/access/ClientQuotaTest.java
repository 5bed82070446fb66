package dev.kernelbroker.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientQuotaTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private ClientQuota quota(Limits limits) {
    return new ClientQuota("alice", limits, now::get);
  }

  @Test
  void callsOverTheMinuteAreRefusedWithWhenToRetry() {
    ClientQuota alice = quota(new Limits(OptionalInt.empty(), OptionalInt.of(3), OptionalInt.empty()));
    for (int i = 0; i < 3; i++) {
      assertTrue(alice.startCall().isEmpty(), "call " + i);
    }
    Optional<Refusal> refused = alice.startCall();
    assertTrue(refused.isPresent());
    assertEquals(Limits.CALLS_PER_MINUTE, refused.get().limit());
    assertEquals("token 'alice' made 3 calls this minute, its limit (calls_per_minute=3)", refused.get().message());
    long retry = refused.get().retryAfterSeconds();
    assertTrue(retry >= 1 && retry <= 60, "retry after " + retry);
  }

  @Test
  void cpuOverTheHourIsRefusedUntilEnoughOfItLeavesTheWindow() {
    ClientQuota alice = quota(new Limits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(10)));
    alice.chargeCpu(4);
    now.addAndGet(Duration.ofMinutes(20).toMillis());
    alice.chargeCpu(7);
    Optional<Refusal> refused = alice.startCall();
    assertTrue(refused.isPresent());
    assertTrue(alice.startCall(false).isEmpty(), "a call that runs no code is not held back by CPU");
    assertEquals(Limits.CPU_SECONDS_PER_HOUR, refused.get().limit());
    assertTrue(refused.get().message().contains("used 11.0 CPU seconds in the last hour"), refused.get().message());
    // The 4 s leave the window 60 minutes after their minute began: about 40 minutes from now.
    long retry = refused.get().retryAfterSeconds();
    assertTrue(retry > 39 * 60 && retry <= 40 * 60, "retry after " + retry);
    now.addAndGet(Duration.ofSeconds(retry).toMillis());
    assertTrue(alice.startCall().isEmpty());
    assertEquals(7, alice.cpuSecondsLastHour(), 1e-9);
  }

  @Test
  void sessionsAtOnceAreABulkheadThatClosingFrees() {
    ClientQuota alice = quota(new Limits(OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty()));
    assertTrue(alice.openSession().isEmpty());
    assertTrue(alice.openSession().isEmpty());
    Optional<Refusal> third = alice.openSession();
    assertTrue(third.isPresent());
    assertEquals(Limits.SESSIONS, third.get().limit());
    assertEquals(2, alice.sessionsOpen());
    alice.sessionClosed();
    assertTrue(alice.openSession().isEmpty());
  }

  @Test
  void eachTokenHasItsOwnQuotaAndTheLocalUserHasNone() {
    Limits one = new Limits(OptionalInt.empty(), OptionalInt.of(1), OptionalInt.empty());
    QuotaRegistry registry = new QuotaRegistry(new AccessSettings(List.of(
        new AccessToken("alice", "aaaaaaaaaaaaaaaaaaaa", one), new AccessToken("bob", "bbbbbbbbbbbbbbbbbbbb", one)),
        Limits.NONE), now::get);
    assertEquals(Optional.of("bob"), registry.identify("bbbbbbbbbbbbbbbbbbbb"));
    assertEquals(Optional.empty(), registry.identify("bbbbbbbbbbbbbbbbbbb"));
    assertEquals(Optional.empty(), registry.identify(null));
    assertTrue(registry.client("alice").startCall().isEmpty());
    assertTrue(registry.client("alice").startCall().isPresent());
    assertTrue(registry.client("bob").startCall().isEmpty(), "bob is not affected by alice's calls");
    for (int i = 0; i < 5; i++) {
      assertTrue(registry.client(QuotaRegistry.LOCAL).startCall().isEmpty());
    }
    QuotaRegistry open = new QuotaRegistry(new AccessSettings(List.of(), one), now::get);
    assertEquals(Optional.of(AccessSettings.ANONYMOUS), open.identify(null));
    assertTrue(open.client(AccessSettings.ANONYMOUS).startCall().isEmpty());
    assertFalse(open.client(AccessSettings.ANONYMOUS).startCall().isEmpty(), "the defaults apply to anonymous");
  }
}
