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
 * A container's CPU and memory counters, read straight from the host's cgroup filesystem like {@link PidsCgroup},
 * through descriptors held open for the sandbox's life. cgroup v1: {@code cpuacct.usage} (ns) and
 * {@code memory.max_usage_in_bytes}, whose peak is reset by writing 0 (the cgroup is this sandbox's alone, so the
 * reset disturbs nobody). cgroup v2: {@code cpu.stat usage_usec} and {@code memory.peak}, which Linux 6.12 and later
 * reset for one open file only, by a write to it: the held descriptor. Where no reset is allowed (no write access, an
 * older kernel) the peak is the sandbox's since it started, and says so.
 */
final class CgroupMeter implements ResourceMeter {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final String USAGE_USEC = "usage_usec ";

  private final FileChannel cpu;
  private final FileChannel peak;
  private final boolean peakWritable;
  private final boolean v2;
  // Direct, so that the reads and the reset on each call's path go straight to the file, not through the JDK's
  // temporary native buffer and a copy (a quarter of the meter's time in a profile of the stdio broker).
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
  private final ByteBuffer reset;
  // Calls run one at a time; these are the current call's.
  private long cpuMark = -1;
  private boolean peakReset;

  private CgroupMeter(FileChannel cpu, FileChannel peak, boolean peakWritable, boolean v2) {
    this.cpu = cpu;
    this.peak = peak;
    this.peakWritable = peakWritable;
    this.v2 = v2;
    byte[] resetBytes = (v2 ? "reset\n" : "0\n").getBytes(StandardCharsets.US_ASCII);
    this.reset = ByteBuffer.allocateDirect(resetBytes.length).put(resetBytes).flip();
  }

  /**
   * The meter of a container, where its cgroup is in one of the layouts Docker uses (v2 or v1, with the cgroupfs or
   * the systemd driver) on this host. Blocking.
   */
  static Optional<ResourceMeter> of(String containerId) {
    for (Path dir : List.of(ROOT.resolve("docker").resolve(containerId),
        ROOT.resolve("system.slice").resolve("docker-" + containerId + ".scope"))) {
      if (Files.isRegularFile(dir.resolve("cpu.stat")) && Files.isRegularFile(dir.resolve("memory.peak"))) {
        return open(dir.resolve("cpu.stat"), dir.resolve("memory.peak"), true);
      }
    }
    for (String group : List.of("docker/" + containerId, "system.slice/docker-" + containerId + ".scope")) {
      for (String cpu : List.of("cpuacct", "cpu,cpuacct")) {
        Path cpuFile = ROOT.resolve(cpu).resolve(group).resolve("cpuacct.usage");
        Path peak = ROOT.resolve("memory").resolve(group).resolve("memory.max_usage_in_bytes");
        if (Files.isRegularFile(cpuFile) && Files.isRegularFile(peak)) {
          return open(cpuFile, peak, false);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ResourceMeter> open(Path cpuFile, Path peakFile, boolean v2) {
    FileChannel cpu = null;
    try {
      cpu = FileChannel.open(cpuFile, StandardOpenOption.READ);
      try {
        return Optional.of(new CgroupMeter(cpu, FileChannel.open(peakFile, StandardOpenOption.READ,
            StandardOpenOption.WRITE), true, v2));
      } catch (IOException | SecurityException notWritable) {
        return Optional.of(new CgroupMeter(cpu, FileChannel.open(peakFile, StandardOpenOption.READ), false, v2));
      }
    } catch (IOException | SecurityException e) {
      closeQuietly(cpu);
      return Optional.empty();
    }
  }

  @Override
  public synchronized void begin() {
    cpuMark = cpuNanos();
    peakReset = false;
    if (peakWritable) {
      try {
        peak.write(reset.rewind(), 0);
        peakReset = true;
      } catch (IOException e) {
        // a kernel before 6.12 refuses the v2 reset: the lifetime peak it is
      }
    }
  }

  @Override
  public synchronized Optional<ResourceUsage> end() {
    long cpuNow = cpuNanos();
    try {
      long peakBytes = Long.parseLong(read(peak).strip());
      if (cpuMark < 0 || cpuNow < 0) {
        return Optional.empty();
      }
      return Optional.of(new ResourceUsage(Math.max(0, cpuNow - cpuMark) / 1e9, peakBytes, peakReset));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // the container went away with its cgroup
    } finally {
      cpuMark = -1;
    }
  }

  /** CPU time charged to the cgroup so far, in nanoseconds; -1 when unreadable. */
  private long cpuNanos() {
    try {
      String text = read(cpu);
      if (!v2) {
        return Long.parseLong(text.strip());
      }
      int at = text.indexOf(USAGE_USEC);
      int end = text.indexOf('\n', at);
      return at < 0 ? -1 : Long.parseLong(text.substring(at + USAGE_USEC.length(),
          end < 0 ? text.length() : end).strip()) * 1000;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The whole file, read afresh from its start: the kernel renders it anew for a read at offset 0. */
  private String read(FileChannel channel) throws IOException {
    buffer.clear();
    channel.read(buffer, 0);
    byte[] text = new byte[buffer.flip().remaining()];
    buffer.get(text);
    return new String(text, StandardCharsets.US_ASCII);
  }

  @Override
  public synchronized void close() {
    closeQuietly(cpu);
    closeQuietly(peak);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only use: nothing to flush
      }
    }
  }
}
