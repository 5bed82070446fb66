package dev.kernelbroker.access;

import java.util.Objects;
import java.util.regex.Pattern;

/** One bearer token a client presents, the name it is known by (in logs, metrics, errors) and its limits. */
public record AccessToken(String name, String secret, Limits limits) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public AccessToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(limits, "limits");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("token name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'"
          + " and start with a letter or digit");
    }
    if (secret.isBlank() || secret.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("the token of '" + name + "' must be non-empty and without spaces");
    }
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "AccessToken[" + name + ", " + secret.length() + " characters, " + limits + "]";
  }
}
