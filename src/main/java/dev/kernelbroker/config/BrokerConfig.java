package dev.kernelbroker.config;

import dev.kernelbroker.mcp.transport.McpHttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the broker is told from outside: {@code BROKER_*} environment variables, also read from a
 * {@code .env} file in the working directory (the real environment wins).
 */
public record BrokerConfig(
    SandboxSettings sandbox,
    ExecutionSettings execution,
    McpHttpSettings server,
    LogLevelName logLevel,
    List<String> unknownVariables) {

  public enum LogLevelName { TRACE, DEBUG, INFO, WARN, ERROR }

  /** Every variable the broker reads; the README table and .env.example list the same. */
  public static final Set<String> VARIABLES = Set.of(
      "BROKER_RUNTIME", "BROKER_SANDBOX_IMAGE", "BROKER_SANDBOX_MEMORY", "BROKER_SANDBOX_CPUS",
      "BROKER_SANDBOX_PIDS", "BROKER_SANDBOX_NETWORK", "BROKER_SANDBOX_START_TIMEOUT", "BROKER_WORKSPACE_DIR",
      "BROKER_EXECUTION_TIMEOUT", "BROKER_MAX_EXECUTION_TIMEOUT", "BROKER_INTERRUPT_GRACE",
      "BROKER_MAX_OUTPUT_CHARS", "BROKER_MAX_IMAGE_BYTES", "BROKER_LOG_LEVEL", "BROKER_HOST", "BROKER_PORT",
      "BROKER_ALLOWED_ORIGINS", "BROKER_AUTH_TOKEN", "BROKER_MAX_REQUEST_BYTES", "BROKER_SESSION_IDLE_TIMEOUT");

  private static final String PREFIX = "BROKER_";

  public BrokerConfig {
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(execution, "execution");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(logLevel, "logLevel");
    unknownVariables = List.copyOf(unknownVariables);
  }

  /** The process environment over {@code ./.env}. */
  public static BrokerConfig fromEnvironment() {
    return load(System.getenv(), Path.of(".env"));
  }

  public static BrokerConfig load(Map<String, String> environment, Path dotEnv) {
    Map<String, String> merged = new HashMap<>(DotEnvFile.read(dotEnv));
    merged.putAll(environment);
    return from(merged);
  }

  private static McpHttpSettings server(ConfigReader r) {
    String host = r.string("BROKER_HOST", "127.0.0.1");
    try {
      return new McpHttpSettings(host,
          r.integer("BROKER_PORT", 8222, 0, 65535),
          r.list("BROKER_ALLOWED_ORIGINS"),
          r.optional("BROKER_AUTH_TOKEN"),
          r.bytes("BROKER_MAX_REQUEST_BYTES", 10L << 20, 1024),
          r.duration("BROKER_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30), Duration.ofSeconds(10),
              Duration.ofDays(7)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("BROKER_HOST=" + host + " is not allowed without BROKER_AUTH_TOKEN: " + e.getMessage());
    }
  }

  public static BrokerConfig from(Map<String, String> values) {
    ConfigReader r = new ConfigReader(values);
    Path home = Path.of(System.getProperty("user.home"));
    SandboxSettings sandbox = new SandboxSettings(
        r.choice("BROKER_RUNTIME", RuntimeKind.DOCKER, RuntimeKind.class),
        r.string("BROKER_SANDBOX_IMAGE", SandboxSettings.DEFAULT_IMAGE),
        r.bytes("BROKER_SANDBOX_MEMORY", 2L << 30, 64L << 20),
        r.decimal("BROKER_SANDBOX_CPUS", 2, 0.1, 256),
        r.integer("BROKER_SANDBOX_PIDS", 512, 16, 1 << 20),
        r.string("BROKER_SANDBOX_NETWORK", "bridge"),
        r.path("BROKER_WORKSPACE_DIR", home.resolve(".kernel-broker").resolve("workspace")),
        r.duration("BROKER_SANDBOX_START_TIMEOUT", Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofHours(1)));
    Duration maxTimeout = r.duration("BROKER_MAX_EXECUTION_TIMEOUT", Duration.ofHours(1),
        Duration.ofSeconds(1), Duration.ofDays(1));
    ExecutionSettings execution = new ExecutionSettings(
        r.duration("BROKER_EXECUTION_TIMEOUT", Duration.ofSeconds(300), Duration.ofSeconds(1), Duration.ofDays(1)),
        maxTimeout,
        r.integer("BROKER_MAX_OUTPUT_CHARS", 100_000, 1000, 50_000_000),
        r.bytes("BROKER_MAX_IMAGE_BYTES", 2L << 20, 1024),
        r.duration("BROKER_INTERRUPT_GRACE", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)));
    McpHttpSettings server = server(r);
    List<String> unknown = values.keySet().stream()
        .filter(k -> k.startsWith(PREFIX) && !VARIABLES.contains(k)).sorted().toList();
    return new BrokerConfig(sandbox, execution, server,
        r.choice("BROKER_LOG_LEVEL", LogLevelName.INFO, LogLevelName.class), unknown);
  }
}
