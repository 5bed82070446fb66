package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/kernel-broker}, which the README and the client setups start the broker with. */
class LauncherIT {

  /**
   * A jar copied elsewhere no longer matches its class-data archive, which names the jar's path. The JVM says so, and
   * by default on stdout, which over stdio is the protocol's; the launcher sends the JVM's warnings to stderr.
   */
  @Test
  void aJarItsArchiveDoesNotMatchStartsWithNothingOnStdout() throws Exception {
    Path jar = Path.of(System.getProperty("kernelbroker.jar"));
    Path folder = Files.createTempDirectory("kb-launcher");
    Path copy = Files.copy(jar, folder.resolve("kernel-broker.jar"));
    Files.copy(Path.of(jar.toString().replaceFirst("\\.jar$", ".jsa")), folder.resolve("kernel-broker.jsa"));
    ProcessBuilder launch = new ProcessBuilder(Path.of("bin", "kernel-broker").toAbsolutePath().toString(), "--stdio",
        "--help");
    launch.environment().put("KERNEL_BROKER_JAR", copy.toString());
    Process process = launch.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher's --help did not end within 60 s");
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("", stdout, "stdout must carry nothing but the protocol; stderr: " + stderr);
    assertTrue(stderr.contains("shared archive"), "the JVM's word on the archive goes to stderr: " + stderr);
    assertTrue(stderr.contains("usage: bin/kernel-broker"), stderr);
  }
}
