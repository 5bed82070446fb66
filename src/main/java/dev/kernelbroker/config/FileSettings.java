package dev.kernelbroker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What files may move in and out of a session: the largest file, how many files one call reports, how many
 * downloads (and bytes) one session gets, how long a registered file can be downloaded, and the caps of the output
 * spill and of workspace scans.
 */
public record FileSettings(
    long maxFileBytes,
    int maxFilesPerCall,
    int sessionMaxDownloads,
    long sessionMaxDownloadBytes,
    Duration defaultExpiry,
    long maxSpillBytes,
    int maxScannedFiles) {
  /** The longest {@code expires_seconds} a caller may ask for. */
  public static final Duration MAX_EXPIRY = Duration.ofDays(30);

  public static final FileSettings DEFAULT = new FileSettings(10L << 20, 10, 500, 1L << 30, Duration.ofHours(24),
      64L << 20, 10_000);

  public FileSettings {
    Objects.requireNonNull(defaultExpiry, "defaultExpiry");
    if (maxFileBytes < 1024 || maxSpillBytes < 1024) {
      throw new ConfigException("file caps too small: maxFileBytes=" + maxFileBytes + ", maxSpillBytes="
          + maxSpillBytes + " (min 1024 each)");
    }
    if (maxFilesPerCall < 1 || sessionMaxDownloads < 1 || sessionMaxDownloadBytes < maxFileBytes
        || maxScannedFiles < 100) {
      throw new ConfigException("file limits too small: files per call " + maxFilesPerCall + " (min 1), downloads "
          + sessionMaxDownloads + " (min 1), session download bytes " + sessionMaxDownloadBytes + " (min "
          + maxFileBytes + ", one file), scanned files " + maxScannedFiles + " (min 100)");
    }
    if (defaultExpiry.isNegative() || defaultExpiry.isZero() || defaultExpiry.compareTo(MAX_EXPIRY) > 0) {
      throw new ConfigException("the file expiry must be from 1 s to 30 days, got " + defaultExpiry);
    }
  }
}
