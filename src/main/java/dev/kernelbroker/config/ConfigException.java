package dev.kernelbroker.config;

/** A configuration value the broker cannot start with; the message names the variable, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  static ConfigException invalid(String name, String value, String allowed) {
    return new ConfigException(name + "=" + value + " is not valid: expected " + allowed);
  }
}
