package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Blocking: the Docker calls a cold start makes (the engine's ping, the image check's inspect, the leftover sweep's
 * list, a sandbox container's create, start, CPU-limit update and the liveness inspects while it boots) as Engine
 * API calls on docker-java's own transport, their bodies read and written as plain JSON. docker-java's command layer
 * builds its JSON mapping for each model class on first use, which a cold JVM pays while the first sandbox boots on
 * the same CPUs (issue 9: the first create took 185 ms through it and 117 ms here, side by side). The transport, its
 * connection pool and its TLS set-up (for tcp://) stay docker-java's, but for a cold start's first create and start
 * ({@link UnixSocketTransport}); so do the calls no start makes (builds, events, logs, networks).
 */
final class EngineCalls {
  /**
   * Jackson's streaming parser and generator, as Vert.x's core codec drives them: its default codec goes through
   * databind, whose mapper a cold JVM takes about 100 ms to build while the first sandbox waits to be created.
   */
  private static final JacksonCodec JSON = new JacksonCodec();
  private final DockerHttpClient http;

  private EngineCalls(DockerHttpClient http) {
    this.http = http;
  }

  /** The transport of a client {@link DockerConnection} opened. */
  static EngineCalls of(DockerClient docker) {
    if (!(docker instanceof DockerClientImpl client)) {
      throw new IllegalArgumentException("not a client DockerConnection opened: " + docker.getClass().getName());
    }
    return new EngineCalls(client.getHttpClient());
  }

  /** Over another transport: a cold start's first calls go over {@link UnixSocketTransport}. */
  static EngineCalls over(DockerHttpClient http) {
    return new EngineCalls(http);
  }

  /** Whether the engine answers; it names the failure otherwise. */
  void ping() {
    call(get("/_ping"), "answer a ping");
  }

  /** The image's inspect answer, or empty when the engine has no such image. */
  Optional<JsonObject> inspectImage(String image) {
    return send(get("/images/" + URLEncoder.encode(image, StandardCharsets.UTF_8) + "/json"),
        "inspect the image " + image, true);
  }

  /** The container's inspect answer, or empty when the engine has no such container. */
  Optional<JsonObject> inspectContainer(String id) {
    return send(get("/containers/" + id + "/json"), "inspect the container " + id, true);
  }

  /** Every container, running or not, that carries {@code label} with {@code value}: the list answer's entries. */
  List<JsonObject> listContainers(String label, String value) {
    String filters = new JsonObject().put("label", new JsonArray().add(label + "=" + value)).encode();
    String path = "/containers/json?all=true&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8);
    String text = sendText(get(path), "list the sandbox containers", false).orElseThrow();
    return new JsonArray(JSON.fromString(text, List.class)).stream().map(JsonObject.class::cast).toList();
  }

  /** Creates the container; its id. */
  String create(String name, JsonObject body) {
    JsonObject created = call(postJson("/containers/create?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
        body), "create the sandbox container " + name);
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

  /** Removes the container, running or not, with its anonymous volumes; whether it was there. */
  boolean remove(String id) {
    return send(Request.builder().method(Request.Method.DELETE).path("/containers/" + id + "?force=true&v=true")
        .build(), "remove the sandbox container " + id, true).isPresent();
  }

  /** Changes a running container's resources (the Engine API's update body). */
  void update(String id, JsonObject resources) {
    call(postJson("/containers/" + id + "/update", resources), "update the sandbox container " + id);
  }

  private static Request get(String path) {
    return Request.builder().method(Request.Method.GET).path(path).build();
  }

  private static Request postJson(String path, JsonObject body) {
    return Request.builder().method(Request.Method.POST).path(path).putHeader("Content-Type", "application/json")
        .body(new ByteArrayInputStream(JSON.toString(body, false).getBytes(StandardCharsets.UTF_8))).build();
  }

  private JsonObject call(Request request, String what) {
    return send(request, what, false).orElseThrow();
  }

  /**
   * The JSON answer (an empty one for none, or for the ping's plain "OK"); an error status names the engine's words.
   *
   * @param absentIsEmpty whether a 404 means "no such thing" (empty) rather than a failure
   */
  private Optional<JsonObject> send(Request request, String what, boolean absentIsEmpty) {
    return sendText(request, what, absentIsEmpty)
        .map(text -> text.isBlank() || !text.startsWith("{") ? new JsonObject() : object(text));
  }

  private Optional<String> sendText(Request request, String what, boolean absentIsEmpty) {
    try (DockerHttpClient.Response response = http.execute(request)) {
      int status = response.getStatusCode();
      if (absentIsEmpty && status == 404) {
        return Optional.empty();
      }
      String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (status >= 300 && status != 304) {
        throw new SandboxException("Docker could not " + what + " (HTTP " + status + "): " + message(text));
      }
      return Optional.of(text);
    } catch (IOException e) {
      throw new UncheckedIOException("Docker could not " + what + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject object(String text) {
    return new JsonObject((java.util.Map<String, Object>) JSON.fromString(text, java.util.Map.class));
  }

  /** The engine's own words: its error body is {"message": ...}. */
  private static String message(String body) {
    try {
      String message = object(body).getString("message");
      return message != null ? message : body;
    } catch (DecodeException notJson) {
      return body;
    }
  }
}
