package dev.kernelbroker.sandbox;

import dev.kernelbroker.config.SandboxSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;

/** Picks the runtime that {@code BROKER_RUNTIME} names. */
public final class SandboxRuntimes {
  private SandboxRuntimes() {}

  public static SandboxRuntime create(Vertx vertx, SandboxSettings settings) {
    return create(vertx, settings, null);
  }

  /** @param headStart what a cold start began for the Docker runtime, or null to open its client here */
  public static SandboxRuntime create(Vertx vertx, SandboxSettings settings, DockerHeadStart headStart) {
    ReadinessProbe readiness = new ReadinessProbe(vertx, WebClient.create(vertx, new WebClientOptions()
        .setKeepAlive(false)));
    return switch (settings.runtime()) {
      case DOCKER -> headStart != null ? new DockerSandboxRuntime(vertx, settings, headStart, readiness)
          : new DockerSandboxRuntime(vertx, settings, DockerConnection.open(), readiness);
      case LOCAL -> new LocalSandboxRuntime(vertx, settings,
          Path.of(System.getProperty("user.home"), ".kernel-broker", "local"), readiness);
      case KUBERNETES -> throw new IllegalArgumentException("the Kubernetes runtime is made by"
          + " dev.kernelbroker.kubernetes.KubernetesSandboxRuntime.create");
    };
  }
}
