package dev.kernelbroker.jupyter;

/** How much of an execution's output a result keeps: characters of text, and bytes per image. */
public record OutputLimits(int maxOutputChars, int maxImageBytes) {
  public static final OutputLimits DEFAULT = new OutputLimits(100_000, 5 * 1024 * 1024);

  public OutputLimits {
    if (maxOutputChars < 100) {
      throw new IllegalArgumentException("maxOutputChars must be at least 100, got " + maxOutputChars);
    }
    if (maxImageBytes < 0) {
      throw new IllegalArgumentException("maxImageBytes must not be negative, got " + maxImageBytes);
    }
  }
}
