package dev.kernelbroker.testsupport;

import com.github.dockerjava.api.model.Container;
import dev.kernelbroker.sandbox.DockerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The sandbox containers brokers have running now, as Docker lists them by the broker's label. */
public final class SandboxContainers {
  private SandboxContainers() {}

  public static Set<String> running() {
    try (var docker = DockerConnection.open()) {
      List<Container> ours = docker.listContainersCmd()
          .withLabelFilter(Map.of("dev.kernelbroker.managed", "true")).exec();
      return ours.stream().map(Container::getId).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The containers, running or not, that have one of these names. */
  public static Set<String> named(Collection<String> names) {
    if (names.isEmpty()) {
      return Set.of();
    }
    try (var docker = DockerConnection.open()) {
      return docker.listContainersCmd().withShowAll(true).withNameFilter(names).exec().stream()
          .flatMap(c -> Arrays.stream(c.getNames())).map(n -> n.startsWith("/") ? n.substring(1) : n)
          .filter(names::contains).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until no container outside {@code before} runs; false if some still do after {@code seconds}. */
  public static boolean onlyThoseRemain(Set<String> before, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (before.containsAll(running())) {
        return true;
      }
      Thread.sleep(200);
    }
    return before.containsAll(running());
  }
}
