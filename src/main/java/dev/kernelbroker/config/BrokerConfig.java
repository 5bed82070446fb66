package dev.kernelbroker.config;

import dev.kernelbroker.access.AccessSettings;
import dev.kernelbroker.access.AccessToken;
import dev.kernelbroker.access.Limits;
import dev.kernelbroker.access.TokenFile;
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
    PoolSettings pool,
    ExecutionSettings execution,
    McpHttpSettings server,
    RestartSettings restart,
    KubernetesSettings kubernetes,
    LogLevelName logLevel,
    List<String> unknownVariables,
    JobSettings jobs,
    FileSettings files,
    PackageSettings packages,
    int eventLoops) {

  public enum LogLevelName { TRACE, DEBUG, INFO, WARN, ERROR }

  /** How the broker is reached; some defaults differ (one stdio user vs many HTTP sessions). */
  public enum Serving { HTTP, STDIO }

  /** Every variable the broker reads; the README table and .env.example list the same. */
  public static final Set<String> VARIABLES = Set.of(
      "BROKER_RUNTIME", "BROKER_SANDBOX_IMAGE", "BROKER_SANDBOX_MEMORY", "BROKER_SANDBOX_CPUS",
      "BROKER_SANDBOX_PIDS", "BROKER_SANDBOX_NETWORK", "BROKER_SANDBOX_OCI_RUNTIME", "BROKER_SANDBOX_START_TIMEOUT",
      "BROKER_SANDBOX_ORPHAN_TIMEOUT",
      "BROKER_WORKSPACE_DIR", "BROKER_WORKSPACE_MODE", "BROKER_WORKSPACE_KEEP", "BROKER_POOL_SIZE",
      "BROKER_MAX_SANDBOXES", "BROKER_CLAIM_TIMEOUT",
      "BROKER_EXECUTION_TIMEOUT", "BROKER_MAX_EXECUTION_TIMEOUT", "BROKER_INTERRUPT_GRACE",
      "BROKER_MAX_OUTPUT_CHARS", "BROKER_MAX_IMAGE_BYTES", "BROKER_LOG_LEVEL", "BROKER_HOST", "BROKER_PORT",
      "BROKER_ALLOWED_ORIGINS", "BROKER_AUTH_TOKEN", "BROKER_MAX_REQUEST_BYTES", "BROKER_SESSION_IDLE_TIMEOUT",
      "BROKER_SESSION_UNUSED_TIMEOUT", "BROKER_JOB_RETENTION", "BROKER_MAX_JOBS_PER_SESSION",
      "BROKER_MAX_FILE_BYTES", "BROKER_MAX_FILES_PER_CALL", "BROKER_SESSION_MAX_DOWNLOADS",
      "BROKER_SESSION_MAX_DOWNLOAD_BYTES", "BROKER_FILE_EXPIRY", "BROKER_MAX_SPILL_BYTES", "BROKER_MAX_SCANNED_FILES",
      "BROKER_AUTH_TOKENS_FILE", "BROKER_QUOTA_SESSIONS",
      "BROKER_QUOTA_CALLS_PER_MINUTE", "BROKER_QUOTA_CPU_SECONDS_PER_HOUR",
      "BROKER_ON_EXIT", "BROKER_ADOPT_GRACE", "BROKER_SESSION_KEY",
      "BROKER_K8S_NAMESPACE", "BROKER_K8S_RUNTIME_CLASS", "BROKER_K8S_BROKER_SELECTOR", "BROKER_K8S_WORKSPACE_SIZE",
      "BROKER_PIP_INDEX_URL", "BROKER_PIP_TIMEOUT", "BROKER_PIP_MAX_SIZE", "BROKER_EVENT_LOOPS");

  private static final String PREFIX = "BROKER_";

  public BrokerConfig {
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(execution, "execution");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(logLevel, "logLevel");
    unknownVariables = List.copyOf(unknownVariables);
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(packages, "packages");
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1: " + eventLoops);
    }
  }

  /** The process environment over {@code ./.env}. */
  public static BrokerConfig fromEnvironment(Serving serving) {
    return load(System.getenv(), Path.of(".env"), serving);
  }

  public static BrokerConfig load(Map<String, String> environment, Path dotEnv, Serving serving) {
    Map<String, String> merged = new HashMap<>(DotEnvFile.read(dotEnv));
    merged.putAll(environment);
    return from(merged, serving);
  }

  private static McpHttpSettings server(ConfigReader r) {
    String host = r.string("BROKER_HOST", "127.0.0.1");
    AccessSettings access = access(r);
    try {
      return new McpHttpSettings(host,
          r.integer("BROKER_PORT", 8222, 0, 65535),
          r.list("BROKER_ALLOWED_ORIGINS"),
          access,
          r.bytes("BROKER_MAX_REQUEST_BYTES", 10L << 20, 1024),
          r.duration("BROKER_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30), Duration.ofSeconds(10),
              Duration.ofDays(7)),
          r.duration("BROKER_SESSION_UNUSED_TIMEOUT", Duration.ofMinutes(2), Duration.ofSeconds(10),
              Duration.ofDays(7)), dev.kernelbroker.mcp.transport.HttpDeadlines.DEFAULTS);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("BROKER_HOST=" + host + " needs a BROKER_AUTH_TOKEN (or BROKER_AUTH_TOKENS_FILE"
          + " tokens) of at least " + McpHttpSettings.MIN_PUBLIC_TOKEN + " characters: " + e.getMessage());
    }
  }

  /**
   * BROKER_AUTH_TOKEN is one token named {@code default}; BROKER_AUTH_TOKENS_FILE names many; both may be set. Every
   * token has the BROKER_QUOTA_* limits unless its line in the file says otherwise.
   */
  private static AccessSettings access(ConfigReader r) {
    Limits defaults = new Limits(r.limit("BROKER_QUOTA_SESSIONS"), r.limit("BROKER_QUOTA_CALLS_PER_MINUTE"),
        r.limit("BROKER_QUOTA_CPU_SECONDS_PER_HOUR"));
    List<AccessToken> tokens = new java.util.ArrayList<>();
    try {
      r.optional("BROKER_AUTH_TOKEN").ifPresent(secret ->
          tokens.add(new AccessToken(AccessSettings.DEFAULT_TOKEN, secret, defaults)));
      r.optional("BROKER_AUTH_TOKENS_FILE").map(Path::of).ifPresent(file -> tokens.addAll(TokenFile.read(file,
          defaults)));
      return new AccessSettings(tokens, defaults);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("BROKER_AUTH_TOKEN / BROKER_AUTH_TOKENS_FILE: " + e.getMessage());
    }
  }

  private static FileSettings files(ConfigReader r) {
    FileSettings d = FileSettings.DEFAULT;
    return new FileSettings(
        r.bytes("BROKER_MAX_FILE_BYTES", d.maxFileBytes(), 1024),
        r.integer("BROKER_MAX_FILES_PER_CALL", d.maxFilesPerCall(), 1, 1000),
        r.integer("BROKER_SESSION_MAX_DOWNLOADS", d.sessionMaxDownloads(), 1, 10_000_000),
        r.bytes("BROKER_SESSION_MAX_DOWNLOAD_BYTES", d.sessionMaxDownloadBytes(), 1024),
        r.duration("BROKER_FILE_EXPIRY", d.defaultExpiry(), Duration.ofSeconds(1), FileSettings.MAX_EXPIRY),
        r.bytes("BROKER_MAX_SPILL_BYTES", d.maxSpillBytes(), 1024),
        r.integer("BROKER_MAX_SCANNED_FILES", d.maxScannedFiles(), 100, 1_000_000));
  }

  /** The namespace of the Pod this broker runs in, if it runs in a cluster. */
  private static java.util.Optional<String> inClusterNamespace() {
    try {
      Path file = Path.of(KubernetesSettings.NAMESPACE_FILE);
      return java.nio.file.Files.isReadable(file)
          ? java.util.Optional.of(java.nio.file.Files.readString(file).strip()) : java.util.Optional.empty();
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
  }

  public static BrokerConfig from(Map<String, String> values) {
    return from(values, Serving.HTTP);
  }

  /**
   * Defaults: stdio serves one person, so one warm sandbox, no second, and the shared workspace folder; HTTP serves
   * many sessions, each with a private workspace, from a pool sized for a 2-core, 8 GiB machine.
   */
  public static BrokerConfig from(Map<String, String> values, Serving serving) {
    ConfigReader r = new ConfigReader(values);
    Path home = Path.of(System.getProperty("user.home"));
    boolean stdio = serving == Serving.STDIO;
    SandboxSettings sandbox = new SandboxSettings(
        r.choice("BROKER_RUNTIME", RuntimeKind.DOCKER, RuntimeKind.class),
        r.string("BROKER_SANDBOX_IMAGE", SandboxSettings.DEFAULT_IMAGE),
        r.bytes("BROKER_SANDBOX_MEMORY", 1L << 30, 64L << 20),
        r.decimal("BROKER_SANDBOX_CPUS", 1, 0.1, 256),
        r.integer("BROKER_SANDBOX_PIDS", 256, 16, 1 << 20),
        r.choice("BROKER_SANDBOX_NETWORK",
            NetworkMode.platformDefault(System.getProperty("os.name"), values.get("DOCKER_HOST")), NetworkMode.class),
        r.optional("BROKER_SANDBOX_OCI_RUNTIME"),
        r.path("BROKER_WORKSPACE_DIR", home.resolve(".kernel-broker").resolve("workspace")),
        r.choice("BROKER_WORKSPACE_MODE", stdio ? WorkspaceMode.SHARED : WorkspaceMode.PER_SESSION,
            WorkspaceMode.class),
        r.flag("BROKER_WORKSPACE_KEEP", false),
        home.resolve(".kernel-broker"),
        r.duration("BROKER_SANDBOX_START_TIMEOUT", Duration.ofSeconds(120), Duration.ofSeconds(5),
            Duration.ofHours(1)),
        r.duration("BROKER_SANDBOX_ORPHAN_TIMEOUT", Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofHours(1)));
    int max = r.integer("BROKER_MAX_SANDBOXES", stdio ? 1 : 6, 1, 10_000);
    PoolSettings pool = new PoolSettings(
        r.integer("BROKER_POOL_SIZE", Math.min(max, stdio ? 1 : 2), 0, 10_000), max,
        r.duration("BROKER_CLAIM_TIMEOUT", Duration.ofSeconds(20), Duration.ofSeconds(0), Duration.ofMinutes(10)));
    Duration maxTimeout = r.duration("BROKER_MAX_EXECUTION_TIMEOUT", Duration.ofHours(1),
        Duration.ofSeconds(1), Duration.ofDays(1));
    ExecutionSettings execution = new ExecutionSettings(
        r.duration("BROKER_EXECUTION_TIMEOUT", Duration.ofSeconds(300), Duration.ofSeconds(1), Duration.ofDays(1)),
        maxTimeout,
        r.integer("BROKER_MAX_OUTPUT_CHARS", 100_000, 1000, 50_000_000),
        r.bytes("BROKER_MAX_IMAGE_BYTES", 2L << 20, 1024),
        r.duration("BROKER_INTERRUPT_GRACE", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)));
    PackageSettings packages = PackageSettings.of(r.optional("BROKER_PIP_INDEX_URL"),
        r.duration("BROKER_PIP_TIMEOUT", Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofHours(1)),
        r.bytes("BROKER_PIP_MAX_SIZE", 256L << 20, 1L << 20));
    McpHttpSettings server = server(r);
    RestartSettings restart = new RestartSettings(r.choice("BROKER_ON_EXIT", OnExit.REMOVE, OnExit.class),
        r.duration("BROKER_ADOPT_GRACE", server.sessionIdleTimeout(), Duration.ofSeconds(10), Duration.ofDays(7)),
        r.optional("BROKER_SESSION_KEY"));
    List<String> unknown = values.keySet().stream()
        .filter(k -> k.startsWith(PREFIX) && !VARIABLES.contains(k)).sorted().toList();
    JobSettings jobs = new JobSettings(
        r.duration("BROKER_JOB_RETENTION", Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofDays(7)),
        r.integer("BROKER_MAX_JOBS_PER_SESSION", 50, 1, 10_000));
    KubernetesSettings kubernetes = new KubernetesSettings(
        r.string("BROKER_K8S_NAMESPACE", inClusterNamespace().orElse("default")),
        r.optional("BROKER_K8S_RUNTIME_CLASS"),
        r.labels("BROKER_K8S_BROKER_SELECTOR", Map.of("app.kubernetes.io/name", "kernel-broker")),
        r.bytes("BROKER_K8S_WORKSPACE_SIZE", 1L << 30, 1L << 20));
    return new BrokerConfig(sandbox, pool, execution, server, restart, kubernetes,
        r.choice("BROKER_LOG_LEVEL", LogLevelName.INFO, LogLevelName.class), unknown, jobs, files(r), packages,
        r.integer("BROKER_EVENT_LOOPS", 1, 1, 256));
  }
}
