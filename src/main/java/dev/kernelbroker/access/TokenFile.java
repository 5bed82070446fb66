package dev.kernelbroker.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens file ({@code BROKER_AUTH_TOKENS_FILE}): one token a line, {@code name token [limit=value ...]}, fields
 * separated by spaces, {@code #} starts a comment. A limit not given is the default one (BROKER_QUOTA_*);
 * {@code unlimited} lifts a default. Errors name the file and line, never the secret.
 *
 * <pre>
 * # name     token                                             limits
 * alice      3f9c2a8e0d4b47c1a6e5f0b9d8c7a6e5f4d3c2b1a0      sessions=4 calls_per_minute=60 cpu_seconds_per_hour=900
 * ci-bot     8d1e0f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c      calls_per_minute=unlimited
 * </pre>
 */
public final class TokenFile {
  private TokenFile() {}

  public static List<AccessToken> read(Path file, Limits defaults) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), defaults);
  }

  public static List<AccessToken> parse(String text, String source, Limits defaults) {
    List<AccessToken> tokens = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String content = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (content.isEmpty()) {
        continue;
      }
      try {
        tokens.add(token(content.split("\\s+"), defaults));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no token (lines: name token [limit=value ...])");
    }
    try {
      new AccessSettings(tokens, defaults); // names and secrets unique
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return List.copyOf(tokens);
  }

  private static AccessToken token(String[] fields, Limits defaults) {
    if (fields.length < 2) {
      throw new IllegalArgumentException("expected 'name token [limit=value ...]', got only a name");
    }
    Limits limits = defaults;
    for (int f = 2; f < fields.length; f++) {
      int eq = fields[f].indexOf('=');
      if (eq <= 0) {
        // Not echoed: with a stray space in a name, this field is the secret.
        throw new IllegalArgumentException("field " + (f + 1) + " is not limit=value (is there a space in the"
            + " name or the token?)");
      }
      String key = fields[f].substring(0, eq).toLowerCase(Locale.ROOT);
      limits = limits.with(key, limitValue(key, fields[f].substring(eq + 1)));
    }
    return new AccessToken(fields[0], fields[1], limits);
  }

  /** A positive whole number, or {@code unlimited}. */
  static Integer limitValue(String key, String raw) {
    if (raw.equalsIgnoreCase("unlimited")) {
      return null;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(key + "=" + raw + ": expected a whole number of at least 1, or unlimited");
  }
}
