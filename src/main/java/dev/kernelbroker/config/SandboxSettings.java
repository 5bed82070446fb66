package dev.kernelbroker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** How the sandbox is launched and what it may use. */
public record SandboxSettings(
    RuntimeKind runtime,
    String image,
    long memoryBytes,
    double cpus,
    int pids,
    String network,
    Path workspaceDir,
    Duration startTimeout) {

  public static final String DEFAULT_IMAGE = "kernel-broker-sandbox:latest";

  public SandboxSettings {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(workspaceDir, "workspaceDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (image == null || image.isBlank()) {
      throw new ConfigException("the sandbox image name is empty");
    }
    if (memoryBytes < 64L << 20) {
      throw new ConfigException("the sandbox memory limit must be at least 64m, got " + memoryBytes + " bytes");
    }
    if (cpus <= 0 || pids < 16) {
      throw new ConfigException("the sandbox needs cpus > 0 and pids >= 16, got cpus=" + cpus + ", pids=" + pids);
    }
    if (!"bridge".equals(network)) {
      throw new ConfigException("network " + network + " is not supported: the broker reaches Jupyter through a"
          + " port published on 127.0.0.1, which needs the bridge network (allowed: bridge)");
    }
  }

  public boolean usesDefaultImage() {
    return DEFAULT_IMAGE.equals(image);
  }
}
