package dev.kernelbroker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

  @Test
  void defaultsAreSafe() {
    BrokerConfig config = BrokerConfig.from(Map.of());
    assertEquals(RuntimeKind.DOCKER, config.sandbox().runtime());
    assertEquals("kernel-broker-sandbox:latest", config.sandbox().image());
    assertEquals(1L << 30, config.sandbox().memoryBytes());
    assertEquals(256, config.sandbox().pids());
    assertEquals(1.0, config.sandbox().cpus());
    assertEquals(WorkspaceMode.PER_SESSION, config.sandbox().workspaceMode());
    assertEquals(new PoolSettings(2, 6, Duration.ofSeconds(20)), config.pool());
    assertEquals("127.0.0.1", config.server().host());
    assertEquals(8222, config.server().port());
    assertEquals(Duration.ofSeconds(300), config.execution().defaultTimeout());
    assertEquals(100_000, config.execution().maxOutputChars());
    assertEquals(10L << 20, config.server().maxRequestBytes());
    assertEquals(Duration.ofMinutes(30), config.server().sessionIdleTimeout());
    assertEquals(Duration.ofMinutes(2), config.server().sessionUnusedTimeout());
    assertTrue(config.sandbox().workspaceDir().endsWith(Path.of(".kernel-broker", "workspace")));
  }

  @Test
  void packageInstallsDefaultToPipsIndexAndTurnOffWithOff() {
    PackageSettings defaults = BrokerConfig.from(Map.of()).packages();
    assertTrue(defaults.enabled());
    assertTrue(defaults.indexUrl().isEmpty());
    assertEquals(Duration.ofSeconds(120), defaults.timeout());
    assertEquals(256L << 20, defaults.maxBytes());
    PackageSettings local = BrokerConfig.from(Map.of("BROKER_PIP_INDEX_URL", "http://10.0.0.5:3141/simple/",
        "BROKER_PIP_TIMEOUT", "30s", "BROKER_PIP_MAX_SIZE", "64m")).packages();
    assertEquals("http://10.0.0.5:3141/simple/", local.describeIndex());
    assertEquals(64L << 20, local.maxBytes());
    assertTrue(!BrokerConfig.from(Map.of("BROKER_PIP_INDEX_URL", "OFF")).packages().enabled());
    ConfigException ftp = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_PIP_INDEX_URL", "ftp://mirror/simple")));
    assertTrue(ftp.getMessage().contains("BROKER_PIP_INDEX_URL=ftp://mirror/simple is not an http(s) URL"),
        ftp.getMessage());
  }

  @Test
  void aBadValueNamesTheVariableTheValueAndWhatIsAllowed() {
    ConfigException memory = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_SANDBOX_MEMORY", "lots")));
    assertTrue(memory.getMessage().contains("BROKER_SANDBOX_MEMORY=lots"), memory.getMessage());
    assertTrue(memory.getMessage().contains("like 512k, 256m or 2g"), memory.getMessage());

    ConfigException runtime = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_RUNTIME", "podman")));
    assertTrue(runtime.getMessage().contains("[docker, local, kubernetes]"), runtime.getMessage());

    ConfigException timeout = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_EXECUTION_TIMEOUT", "0")));
    assertTrue(timeout.getMessage().startsWith("BROKER_EXECUTION_TIMEOUT=0 is not valid"), timeout.getMessage());

    ConfigException unused = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_SESSION_UNUSED_TIMEOUT", "5s")));
    assertTrue(unused.getMessage().startsWith("BROKER_SESSION_UNUSED_TIMEOUT=5s is not valid"), unused.getMessage());
    assertTrue(unused.getMessage().contains("from 10 s to 604800 s"), unused.getMessage());
  }

  @Test
  void parsesSizesAndDurationsWithUnits() {
    BrokerConfig config = BrokerConfig.from(Map.of("BROKER_SANDBOX_MEMORY", "512m", "BROKER_EXECUTION_TIMEOUT", "2m",
        "BROKER_SESSION_IDLE_TIMEOUT", "1h", "BROKER_MAX_IMAGE_BYTES", "64k", "BROKER_SANDBOX_CPUS", "0.5",
        "BROKER_SESSION_UNUSED_TIMEOUT", "90s"));
    assertEquals(512L << 20, config.sandbox().memoryBytes());
    assertEquals(Duration.ofMinutes(2), config.execution().defaultTimeout());
    assertEquals(Duration.ofHours(1), config.server().sessionIdleTimeout());
    assertEquals(Duration.ofSeconds(90), config.server().sessionUnusedTimeout());
    assertEquals(64L << 10, config.execution().maxImageBytes());
    assertEquals(0.5, config.sandbox().cpus());
  }

  @Test
  void stdioServesOnePersonFromTheSharedFolderWithOneSandbox() {
    BrokerConfig config = BrokerConfig.from(Map.of(), BrokerConfig.Serving.STDIO);
    assertEquals(WorkspaceMode.SHARED, config.sandbox().workspaceMode());
    assertEquals(new PoolSettings(1, 1, Duration.ofSeconds(20)), config.pool());
  }

  @Test
  void theNetworkIsNoneOnLinuxWithALocalEngineAndBridgeElsewhere() {
    assertEquals(NetworkMode.NONE, NetworkMode.platformDefault("Linux", null));
    assertEquals(NetworkMode.NONE, NetworkMode.platformDefault("Linux", "unix:///var/run/docker.sock"));
    assertEquals(NetworkMode.BRIDGE, NetworkMode.platformDefault("Linux", "tcp://10.0.0.5:2376"));
    assertEquals(NetworkMode.BRIDGE, NetworkMode.platformDefault("Mac OS X", null));
    assertEquals(NetworkMode.BRIDGE,
        BrokerConfig.from(Map.of("BROKER_SANDBOX_NETWORK", "bridge")).sandbox().network());
    ConfigException e = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_SANDBOX_NETWORK", "host")));
    assertTrue(e.getMessage().contains("[none, bridge]"), e.getMessage());
  }

  @Test
  void aPoolLargerThanTheMaximumIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_POOL_SIZE", "5", "BROKER_MAX_SANDBOXES", "3")));
    assertTrue(e.getMessage().contains("BROKER_POOL_SIZE=5 is above BROKER_MAX_SANDBOXES=3"), e.getMessage());
    assertEquals(WorkspaceMode.SHARED,
        BrokerConfig.from(Map.of("BROKER_WORKSPACE_MODE", "shared")).sandbox().workspaceMode());
    assertEquals("runsc",
        BrokerConfig.from(Map.of("BROKER_SANDBOX_OCI_RUNTIME", "runsc")).sandbox().ociRuntime().orElseThrow());
  }

  @Test
  void aPublicAddressWithoutATokenIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_HOST", "0.0.0.0")));
    assertTrue(e.getMessage().contains("BROKER_AUTH_TOKEN"), e.getMessage());
    ConfigException shortToken = assertThrows(ConfigException.class,
        () -> BrokerConfig.from(Map.of("BROKER_HOST", "0.0.0.0", "BROKER_AUTH_TOKEN", "s3cret")));
    assertTrue(shortToken.getMessage().contains("at least 16"), shortToken.getMessage());
    BrokerConfig withToken = BrokerConfig.from(Map.of("BROKER_HOST", "0.0.0.0",
        "BROKER_AUTH_TOKEN", "s3cret-s3cret-s3cret"));
    assertEquals("s3cret-s3cret-s3cret", withToken.server().authToken().orElseThrow());
  }

  @Test
  void tokensComeFromTheTokenAndTheFileWithTheQuotaDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "alice alice-0123456789abcdef calls_per_minute=5\nbob bob-0123456789abcdef00\n");
    BrokerConfig config = BrokerConfig.from(Map.of("BROKER_HOST", "0.0.0.0", "BROKER_AUTH_TOKENS_FILE",
        file.toString(), "BROKER_AUTH_TOKEN", "s3cret-s3cret-s3cret", "BROKER_QUOTA_SESSIONS", "3",
        "BROKER_QUOTA_CALLS_PER_MINUTE", "unlimited"));
    var tokens = config.server().access().tokens();
    assertEquals(List.of("default", "alice", "bob"), tokens.stream().map(t -> t.name()).toList());
    assertEquals("sessions=3 calls_per_minute=5 cpu_seconds_per_hour=unlimited", tokens.get(1).limits().toString());
    assertEquals("sessions=3 calls_per_minute=unlimited cpu_seconds_per_hour=unlimited",
        tokens.get(0).limits().toString(), "BROKER_AUTH_TOKEN's token has the defaults");
    assertEquals("s3cret-s3cret-s3cret", config.server().authToken().orElseThrow());
    assertTrue(BrokerConfig.from(Map.of()).server().access().tokens().isEmpty());

    Files.writeString(file, "alice short\n");
    ConfigException tooShort = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
        "BROKER_HOST", "0.0.0.0", "BROKER_AUTH_TOKENS_FILE", file.toString())));
    assertTrue(tooShort.getMessage().contains("a token of 5 characters is guessable"), tooShort.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
        "BROKER_AUTH_TOKENS_FILE", dir.resolve("nope").toString())));
    assertTrue(missing.getMessage().startsWith("BROKER_AUTH_TOKEN / BROKER_AUTH_TOKENS_FILE: cannot read "),
        missing.getMessage());
    Files.writeString(file, "default aaaaaaaaaaaaaaaaaaaaaa\n");
    ConfigException twice = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
        "BROKER_AUTH_TOKENS_FILE", file.toString(), "BROKER_AUTH_TOKEN", "s3cret-s3cret-s3cret")));
    assertTrue(twice.getMessage().contains("the token name 'default' is used twice"), twice.getMessage());
    ConfigException badLimit = assertThrows(ConfigException.class, () -> BrokerConfig.from(Map.of(
        "BROKER_QUOTA_CPU_SECONDS_PER_HOUR", "-1")));
    assertTrue(badLimit.getMessage().contains("BROKER_QUOTA_CPU_SECONDS_PER_HOUR=-1 is not valid"),
        badLimit.getMessage());
  }

  @Test
  void theDotEnvFileIsReadAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
    Path dotEnv = dir.resolve(".env");
    Files.writeString(dotEnv, """
        # local settings
        BROKER_PORT=9000
        export BROKER_SANDBOX_PIDS="256"
        BROKER_LOG_LEVEL=debug # chatty
        BROKER_TYPO=1
        """);
    BrokerConfig config = BrokerConfig.load(Map.of("BROKER_PORT", "9100"), dotEnv, BrokerConfig.Serving.HTTP);
    assertEquals(9100, config.server().port());
    assertEquals(256, config.sandbox().pids());
    assertEquals(BrokerConfig.LogLevelName.DEBUG, config.logLevel());
    assertEquals(List.of("BROKER_TYPO"), config.unknownVariables());
  }

  @Test
  void everyVariableIsDocumentedInTheExampleFile() throws Exception {
    String example = Files.readString(Path.of(System.getProperty("kernelbroker.projectDir", "."), ".env.example"));
    String readme = Files.readString(Path.of(System.getProperty("kernelbroker.projectDir", "."), "README.md"));
    for (String variable : BrokerConfig.VARIABLES) {
      assertTrue(example.contains(variable + "="), variable + " is missing from .env.example");
      assertTrue(readme.contains("`" + variable + "`"), variable + " is missing from the README table");
    }
  }
}
