package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Blocking: a sandbox container's create, start and update as Engine API calls on docker-java's own transport, with the
 * create body built by {@link ContainerSpec}. They are a cold start's first Docker calls, and docker-java's command
 * layer spent about 70 ms of a cold JVM building its JSON mapping for {@code CreateContainerCmd} (issue 9: 117 ms
 * instead of 185 ms for the first create, measured side by side); the transport, its connection pool and its TLS
 * set-up (for tcp://) are docker-java's.
 */
final class ContainerCalls {
  private final DockerHttpClient http;

  private ContainerCalls(DockerHttpClient http) {
    this.http = http;
  }

  /** The transport of a client {@link DockerConnection} opened. */
  static ContainerCalls of(DockerClient docker) {
    if (!(docker instanceof DockerClientImpl client)) {
      throw new IllegalArgumentException("not a client DockerConnection opened: " + docker.getClass().getName());
    }
    return new ContainerCalls(client.getHttpClient());
  }

  /** Creates the container; its id. */
  String create(String name, JsonObject body) {
    JsonObject created = call(Request.builder().method(Request.Method.POST)
        .path("/containers/create?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
        .putHeader("Content-Type", "application/json")
        .body(new ByteArrayInputStream(body.toBuffer().getBytes())).build(), "create the sandbox container " + name);
    String id = created.getString("Id");
    if (id == null) {
      throw new SandboxException("Docker created the sandbox container " + name + " but named no id: " + created);
    }
    return id;
  }

  /** Starts the container (one already running counts as started). */
  void start(String id) {
    call(Request.builder().method(Request.Method.POST).path("/containers/" + id + "/start").build(),
        "start the sandbox container " + id);
  }

  /** Changes a running container's resources (the Engine API's update body). */
  void update(String id, JsonObject resources) {
    call(Request.builder().method(Request.Method.POST).path("/containers/" + id + "/update")
        .putHeader("Content-Type", "application/json")
        .body(new ByteArrayInputStream(resources.toBuffer().getBytes())).build(), "update the sandbox container " + id);
  }

  private JsonObject call(Request request, String what) {
    try (DockerHttpClient.Response response = http.execute(request)) {
      String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = response.getStatusCode();
      if (status >= 300 && status != 304) {
        throw new SandboxException("Docker could not " + what + " (HTTP " + status + "): " + message(text));
      }
      return text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (IOException e) {
      throw new UncheckedIOException("Docker could not " + what + ": " + e.getMessage(), e);
    }
  }

  /** The engine's own words: its error body is {"message": ...}. */
  private static String message(String body) {
    try {
      String message = new JsonObject(body).getString("message");
      return message != null ? message : body;
    } catch (DecodeException notJson) {
      return body;
    }
  }
}
