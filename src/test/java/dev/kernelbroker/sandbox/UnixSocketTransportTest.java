package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which engine a cold start may create its first sandbox on before docker-java has read its configuration. */
class UnixSocketTransportTest {
  @Test
  void dockerHostDecidesWhenSet() {
    String before = System.getProperty("DOCKER_HOST");
    try {
      System.setProperty("DOCKER_HOST", "unix:///run/user/1000/docker.sock");
      assertEquals(Optional.of(Path.of("/run/user/1000/docker.sock")), UnixSocketTransport.localEngine());
      System.setProperty("DOCKER_HOST", "tcp://127.0.0.1:2375");
      assertEquals(Optional.empty(), UnixSocketTransport.localEngine(), "not a socket: docker-java's own transport");
      System.setProperty("DOCKER_HOST", "ssh://someone@elsewhere");
      assertEquals(Optional.empty(), UnixSocketTransport.localEngine());
    } finally {
      if (before == null) {
        System.clearProperty("DOCKER_HOST");
      } else {
        System.setProperty("DOCKER_HOST", before);
      }
    }
  }
}
