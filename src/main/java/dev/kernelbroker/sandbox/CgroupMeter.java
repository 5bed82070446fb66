package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * A container's CPU and memory counters, read straight from the host's cgroup filesystem like {@link PidsCgroup}.
 * cgroup v1: {@code cpuacct.usage} (ns) and {@code memory.max_usage_in_bytes}, whose peak is reset by writing 0 (the
 * cgroup is this sandbox's, and its calls run one at a time, so the reset disturbs nobody). cgroup v2:
 * {@code cpu.stat usage_usec} and {@code memory.peak}, which Linux 6.12 and later reset for one open file only by a
 * write to it; the file is held open over the call for that. Where no reset is allowed (no write access, an older
 * kernel) the peak is the sandbox's since it started, and says so.
 */
final class CgroupMeter implements ResourceMeter {
  // One meter serves all of its sandbox's calls, which run one at a time: the fields below are one call's.
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final Path cpuFile;
  private final Path peakFile;
  private final boolean v2;
  private long cpuBefore = -1;
  private boolean peakReset;
  private FileChannel peakChannel;

  private CgroupMeter(Path cpuFile, Path peakFile, boolean v2) {
    this.cpuFile = cpuFile;
    this.peakFile = peakFile;
    this.v2 = v2;
  }

  /**
   * The meter of a container, where its cgroup is in one of the layouts Docker uses (v2 or v1, with the cgroupfs or
   * the systemd driver) on this host.
   */
  static Optional<ResourceMeter> of(String containerId) {
    for (Path dir : List.of(ROOT.resolve("docker").resolve(containerId),
        ROOT.resolve("system.slice").resolve("docker-" + containerId + ".scope"))) {
      if (Files.isRegularFile(dir.resolve("cpu.stat")) && Files.isRegularFile(dir.resolve("memory.peak"))) {
        return Optional.of(new CgroupMeter(dir.resolve("cpu.stat"), dir.resolve("memory.peak"), true));
      }
    }
    for (String group : List.of("docker/" + containerId, "system.slice/docker-" + containerId + ".scope")) {
      for (String cpu : List.of("cpuacct", "cpu,cpuacct")) {
        Path cpuFile = ROOT.resolve(cpu).resolve(group).resolve("cpuacct.usage");
        Path peak = ROOT.resolve("memory").resolve(group).resolve("memory.max_usage_in_bytes");
        if (Files.isRegularFile(cpuFile) && Files.isRegularFile(peak)) {
          return Optional.of(new CgroupMeter(cpuFile, peak, false));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void begin() {
    cpuBefore = cpuNanos();
    try {
      if (v2) {
        peakChannel = FileChannel.open(peakFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        peakChannel.write(ByteBuffer.wrap("reset\n".getBytes(StandardCharsets.US_ASCII)));
      } else {
        Files.writeString(peakFile, "0\n");
      }
      peakReset = true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      peakReset = false; // read-only cgroupfs, not root, or a kernel before 6.12: the lifetime peak it is
    }
  }

  @Override
  public Optional<ResourceUsage> end() {
    try {
      long cpuAfter = cpuNanos();
      long peak = peakReset && v2 ? readPeakChannel() : Long.parseLong(Files.readString(peakFile).strip());
      if (cpuBefore < 0 || cpuAfter < 0) {
        return Optional.empty();
      }
      return Optional.of(new ResourceUsage(Math.max(0, cpuAfter - cpuBefore) / 1e9, peak, peakReset));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // the container went away with its cgroup
    } finally {
      close();
      cpuBefore = -1; // ready for the next call
    }
  }

  private long readPeakChannel() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    peakChannel.read(buffer, 0);
    return Long.parseLong(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip());
  }

  private void close() {
    if (peakChannel != null) {
      try {
        peakChannel.close();
      } catch (IOException ignored) {
        // nothing was written through it that needs keeping
      }
      peakChannel = null;
    }
  }

  /** CPU time charged to the cgroup so far, in nanoseconds; -1 when unreadable. */
  private long cpuNanos() {
    try {
      if (!v2) {
        return Long.parseLong(Files.readString(cpuFile).strip());
      }
      for (String line : Files.readAllLines(cpuFile)) {
        if (line.startsWith("usage_usec ")) {
          return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
