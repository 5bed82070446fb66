package dev.kernelbroker.sandbox;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import java.time.Instant;
import java.util.Objects;

/** One running sandbox: a container (or local process) id and the Jupyter Server inside it. */
public record SandboxInstance(String id, JupyterEndpoint endpoint, Instant startedAt) {
  public SandboxInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
