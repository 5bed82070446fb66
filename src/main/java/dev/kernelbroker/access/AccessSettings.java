package dev.kernelbroker.access;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call the broker over HTTP. With no tokens every caller is {@link #ANONYMOUS} (allowed on loopback
 * only) under the default limits; with tokens each request must carry one of them.
 */
public record AccessSettings(List<AccessToken> tokens, Limits defaults) {
  /** The client name of requests when no token is configured. */
  public static final String ANONYMOUS = "anonymous";
  /** The name BROKER_AUTH_TOKEN's single token goes by. */
  public static final String DEFAULT_TOKEN = "default";

  public AccessSettings {
    tokens = List.copyOf(tokens);
    Objects.requireNonNull(defaults, "defaults");
    Set<String> names = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (AccessToken token : tokens) {
      if (!names.add(token.name())) {
        throw new IllegalArgumentException("the token name '" + token.name() + "' is used twice");
      }
      if (!secrets.add(token.secret())) {
        throw new IllegalArgumentException("the token of '" + token.name() + "' is also another name's token");
      }
    }
  }

  public static AccessSettings open() {
    return new AccessSettings(List.of(), Limits.NONE);
  }

  public static AccessSettings single(String secret) {
    return new AccessSettings(List.of(new AccessToken(DEFAULT_TOKEN, secret, Limits.NONE)), Limits.NONE);
  }

  public boolean required() {
    return !tokens.isEmpty();
  }

  /** The shortest secret, to hold against the minimum length for public addresses. */
  public int shortestSecret() {
    return tokens.stream().mapToInt(t -> t.secret().length()).min().orElse(0);
  }

  @Override
  public String toString() {
    return "AccessSettings[" + tokens + ", defaults " + defaults + "]";
  }
}
