package dev.kernelbroker.testsupport;

import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.sandbox.DockerConnection;
import dev.kernelbroker.sandbox.SandboxImageBuilder;

/** The sandbox image under test: the default one, built (or rebuilt) from this checkout's sources once per run. */
public final class SandboxImages {
  private static volatile boolean ready;

  private SandboxImages() {}

  public static synchronized String sandbox() {
    if (!ready) {
      try (var docker = DockerConnection.open()) {
        SandboxImageBuilder.ensure(docker, SandboxSettings.DEFAULT_IMAGE, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ready = true;
    }
    return SandboxSettings.DEFAULT_IMAGE;
  }
}
