package dev.kernelbroker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How each session's sandbox is launched and what it may use. */
public record SandboxSettings(
    RuntimeKind runtime,
    String image,
    long memoryBytes,
    double cpus,
    int pids,
    NetworkMode network,
    Optional<String> ociRuntime,
    Path workspaceDir,
    WorkspaceMode workspaceMode,
    boolean keepSessionWorkspaces,
    Path stateDir,
    Duration startTimeout,
    Duration orphanTimeout) {

  public static final String DEFAULT_IMAGE = "kernel-broker-sandbox:latest";

  public SandboxSettings {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(ociRuntime, "ociRuntime");
    Objects.requireNonNull(workspaceDir, "workspaceDir");
    Objects.requireNonNull(workspaceMode, "workspaceMode");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(orphanTimeout, "orphanTimeout");
    if (image == null || image.isBlank()) {
      throw new ConfigException("the sandbox image name is empty");
    }
    if (memoryBytes < 64L << 20) {
      throw new ConfigException("the sandbox memory limit must be at least 64m, got " + memoryBytes + " bytes");
    }
    if (cpus <= 0 || pids < 16) {
      throw new ConfigException("the sandbox needs cpus > 0 and pids >= 16, got cpus=" + cpus + ", pids=" + pids);
    }
    if (ociRuntime.isPresent() && !ociRuntime.get().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new ConfigException("BROKER_SANDBOX_OCI_RUNTIME=" + ociRuntime.get() + " is not a runtime name");
    }
  }

  public boolean usesDefaultImage() {
    return DEFAULT_IMAGE.equals(image);
  }
}
