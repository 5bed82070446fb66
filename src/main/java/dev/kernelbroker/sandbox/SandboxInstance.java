package dev.kernelbroker.sandbox;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One running sandbox: its container (or local process) id and name, the Jupyter Server inside it, and the host
 * folder it sees as {@code /workspace}.
 */
public record SandboxInstance(String id, String name, JupyterEndpoint endpoint, Path workspaceDir, Instant startedAt) {
  public SandboxInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(workspaceDir, "workspaceDir");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** Docker's own short form of a container id. */
  public String shortId() {
    return id.substring(0, Math.min(12, id.length()));
  }
}
