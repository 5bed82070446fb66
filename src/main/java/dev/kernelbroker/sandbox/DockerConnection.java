package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens the docker-java client (DOCKER_HOST and friends, as the docker CLI reads them) and small blocking calls. */
public final class DockerConnection {
  private DockerConnection() {}

  /** A client for the default engine (DOCKER_HOST, or the Unix socket). */
  public static DockerClient open() {
    return open(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** A client for an engine at {@code dockerHost}, e.g. {@code unix:///var/run/docker.sock}. */
  public static DockerClient open(String dockerHost) {
    return open(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build());
  }

  static DockerClient open(DefaultDockerClientConfig config) {
    ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(tls(config))
        .maxConnections(32)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(30)) // image builds stream for minutes
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /**
   * Without a TLS setting docker-java builds the JVM's default TLS context (trust store, key managers): about 100 ms
   * of a cold start (issue 9), wasted on a Unix socket, which never speaks TLS. There it gets a context that is never
   * initialised instead. Not for tcp://: a context there makes docker-java speak https.
   */
  private static com.github.dockerjava.transport.SSLConfig tls(DefaultDockerClientConfig config) {
    if (config.getSSLConfig() != null || !"unix".equals(config.getDockerHost().getScheme())) {
      return config.getSSLConfig();
    }
    return () -> {
      try {
        return javax.net.ssl.SSLContext.getInstance("TLS");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** Blocking; fails with a message that names the unsandboxed alternative. */
  static void ping(DockerClient docker) {
    try {
      EngineCalls.of(docker).ping();
    } catch (RuntimeException e) {
      throw new SandboxException("Docker does not answer (" + e.getMessage() + "). Start the Docker engine, or set"
          + " BROKER_RUNTIME=local to run Jupyter on this machine without a sandbox.", e);
    }
  }

  /** Blocking; the last lines a container wrote, for error messages. */
  static String tail(DockerClient docker, String containerId, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }).awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      out.append("(logs unavailable: ").append(e.getMessage()).append(')');
    }
    return out.toString().strip();
  }
}
