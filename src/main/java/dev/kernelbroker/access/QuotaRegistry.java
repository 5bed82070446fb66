package dev.kernelbroker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Every client's quota, by name: one per configured token, or {@link AccessSettings#ANONYMOUS} when none is, and
 * {@link #LOCAL} (no limits) for the stdio user, who is the machine's own.
 */
public final class QuotaRegistry {
  /** The client of sessions that did not come over HTTP (stdio). */
  public static final String LOCAL = "local";

  private final AccessSettings settings;
  private final Map<String, ClientQuota> clients = new LinkedHashMap<>();
  private final List<byte[]> secrets;
  private final List<String> names;
  private final ClientQuota local;
  private volatile BiConsumer<String, Refusal> refusals = (client, refusal) -> { };

  public QuotaRegistry(AccessSettings settings) {
    this(settings, System::currentTimeMillis);
  }

  QuotaRegistry(AccessSettings settings, LongSupplier millisClock) {
    this.settings = settings;
    BiConsumer<String, Refusal> told = (client, refusal) -> refusals.accept(client, refusal);
    if (settings.required()) {
      settings.tokens().forEach(t -> clients.put(t.name(),
          new ClientQuota(t.name(), t.limits(), millisClock, told)));
    } else {
      clients.put(AccessSettings.ANONYMOUS,
          new ClientQuota(AccessSettings.ANONYMOUS, settings.defaults(), millisClock, told));
    }
    this.secrets = settings.tokens().stream().map(t -> t.secret().getBytes(StandardCharsets.UTF_8)).toList();
    this.names = settings.tokens().stream().map(AccessToken::name).toList();
    this.local = new ClientQuota(LOCAL, Limits.NONE, millisClock, told);
  }

  /** Tells {@code listener} of every refusal, with the client's name (metrics). */
  public void onRefusal(BiConsumer<String, Refusal> listener) {
    refusals = listener;
  }

  public boolean tokenRequired() {
    return settings.required();
  }

  /**
   * The client a presented bearer token belongs to; with no tokens configured, {@link AccessSettings#ANONYMOUS}
   * whatever is presented. Every secret is compared in constant time, so timing tells nothing of which nearly
   * matched.
   */
  public Optional<String> identify(String presented) {
    if (!settings.required()) {
      return Optional.of(AccessSettings.ANONYMOUS);
    }
    if (presented == null) {
      return Optional.empty();
    }
    byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (int i = 0; i < secrets.size(); i++) {
      if (MessageDigest.isEqual(bytes, secrets.get(i))) {
        found = names.get(i);
      }
    }
    return Optional.ofNullable(found);
  }

  /** The quota of a client name; unknown names (stdio's, none at all) are the local user's, with no limits. */
  public ClientQuota client(String name) {
    ClientQuota quota = name == null ? null : clients.get(name);
    return quota == null ? local : quota;
  }

  public List<ClientQuota> all() {
    return List.copyOf(clients.values());
  }
}
