package dev.kernelbroker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Installing missing Python packages. {@code enabled} false is {@code BROKER_PIP_INDEX_URL=off}; an empty
 * {@code indexUrl} leaves pip's own default index (the sandbox's pip configuration) in charge.
 */
public record PackageSettings(boolean enabled, Optional<URI> indexUrl, Duration timeout, long maxBytes) {
  public static final String OFF = "off";

  public PackageSettings {
    Objects.requireNonNull(indexUrl, "indexUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (indexUrl.isPresent()) {
      URI url = indexUrl.get();
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
        throw new ConfigException("BROKER_PIP_INDEX_URL=" + url + " is not an http(s) URL of a package index"
            + " (or off)");
      }
    }
    if (maxBytes < 1L << 20) {
      throw new ConfigException("BROKER_PIP_MAX_SIZE must be at least 1m, got " + maxBytes + " bytes");
    }
  }

  /** The setting as written: {@code off}, the URL, or empty for pip's default. */
  static PackageSettings of(Optional<String> index, Duration timeout, long maxBytes) {
    if (index.isPresent() && OFF.equalsIgnoreCase(index.get())) {
      return new PackageSettings(false, Optional.empty(), timeout, maxBytes);
    }
    try {
      return new PackageSettings(true, index.map(URI::create), timeout, maxBytes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("BROKER_PIP_INDEX_URL=" + index.orElse("") + " is not a URL: " + e.getMessage());
    }
  }

  /** Where installs come from, for messages. */
  public String describeIndex() {
    return indexUrl.map(URI::toString).orElse("pip's default index");
  }
}
