package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container's pids cgroup, read straight from the host's cgroup filesystem: a file read, where Docker's stats
 * API takes a second. Knows the layouts of cgroup v1, and of v2 with the cgroupfs and the systemd driver; on other
 * hosts (Docker Desktop, remote engines) it finds nothing, and nothing is checked.
 */
final class PidsCgroup {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private PidsCgroup() {}

  static Optional<ProcessCount> read(String containerId) {
    for (Path dir : List.of(ROOT.resolve("pids/docker").resolve(containerId),
        ROOT.resolve("docker").resolve(containerId),
        ROOT.resolve("system.slice").resolve("docker-" + containerId + ".scope"))) {
      try {
        if (Files.isRegularFile(dir.resolve("pids.current"))) {
          long current = Long.parseLong(Files.readString(dir.resolve("pids.current")).strip());
          String max = Files.readString(dir.resolve("pids.max")).strip();
          return max.equals("max") ? Optional.empty() : Optional.of(new ProcessCount(current, Long.parseLong(max)));
        }
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
