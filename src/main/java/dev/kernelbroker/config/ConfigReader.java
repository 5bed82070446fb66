package dev.kernelbroker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed access to {@code BROKER_*} settings; every bad value becomes a {@link ConfigException} naming it. */
final class ConfigReader {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, String> values;

  ConfigReader(Map<String, String> values) {
    this.values = values;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  int integer(String name, int fallback, int min, int max) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the allowed range
    }
    throw ConfigException.invalid(name, raw, "a whole number from " + min + " to " + max);
  }

  double decimal(String name, double fallback, double min, double max) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the allowed range
    }
    throw ConfigException.invalid(name, raw, "a number from " + min + " to " + max);
  }

  /** Sizes like {@code 512m}, {@code 2g}, {@code 1048576}; binary units. */
  long bytes(String name, long fallback, long min) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    Matcher m = SIZE.matcher(raw);
    if (m.matches()) {
      int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "k" -> 10;
        case "m" -> 20;
        case "g" -> 30;
        case "t" -> 40;
        default -> 0;
      };
      long value = Long.parseLong(m.group(1)) << shift;
      if (value >= min) {
        return value;
      }
    }
    throw ConfigException.invalid(name, raw, "a size of at least " + readable(min) + ", like 512k, 256m or 2g");
  }

  private static String readable(long bytes) {
    String[] units = {"", "k", "m", "g", "t"};
    int unit = 0;
    while (unit < units.length - 1 && bytes >= 1024 && bytes % 1024 == 0) {
      bytes /= 1024;
      unit++;
    }
    return bytes + units[unit];
  }

  /** Durations like {@code 300} (seconds), {@code 300s}, {@code 5m}, {@code 1h}, {@code 500ms}. */
  Duration duration(String name, Duration fallback, Duration min, Duration max) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(raw);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      Duration value = switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
      if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
        return value;
      }
    }
    throw ConfigException.invalid(name, raw,
        "a duration from " + min.toSeconds() + " s to " + max.toSeconds() + " s, like 30, 90s, 5m or 1h");
  }

  <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(raw.replace('-', '_'))) {
        return constant;
      }
    }
    throw ConfigException.invalid(name, raw, "one of " + Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
  }

  /** A limit: a whole number of at least 1, or unset / {@code unlimited} for none. */
  java.util.OptionalInt limit(String name) {
    String raw = optional(name).orElse(null);
    if (raw == null || raw.equalsIgnoreCase("unlimited")) {
      return java.util.OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= 1) {
        return java.util.OptionalInt.of(value);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ConfigException.invalid(name, raw, "a whole number of at least 1, or unlimited");
  }

  boolean flag(String name, boolean fallback) {
    String raw = optional(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw ConfigException.invalid(name, raw, "true or false");
    };
  }

  List<String> list(String name) {
    return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** Labels like {@code app=kernel-broker,tier=front}, as a Kubernetes selector takes them. */
  Map<String, String> labels(String name, Map<String, String> fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (String pair : list(name)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw ConfigException.invalid(name, raw.get(), "key=value pairs separated by commas");
      }
      labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return labels;
  }

  Path path(String name, Path fallback) {
    return optional(name).map(ConfigReader::expandHome).orElse(fallback).toAbsolutePath().normalize();
  }

  private static Path expandHome(String raw) {
    return raw.equals("~") || raw.startsWith("~/")
        ? Path.of(System.getProperty("user.home"), raw.substring(1).replaceFirst("^/", ""))
        : Path.of(raw);
  }
}
