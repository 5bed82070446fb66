package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Jupyter Server's kernel REST API. Every call has a deadline; failures name the call, status and body. */
public final class JupyterRestClient {
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern KERNEL_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");
  private static final int MAX_BODY_IN_ERROR = 500;

  private final JupyterClients clients;
  private final JupyterEndpoint endpoint;
  private final Duration callTimeout;

  public JupyterRestClient(JupyterClients clients, JupyterEndpoint endpoint) {
    this(clients, endpoint, DEFAULT_CALL_TIMEOUT);
  }

  public JupyterRestClient(JupyterClients clients, JupyterEndpoint endpoint, Duration callTimeout) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  public JupyterEndpoint endpoint() {
    return endpoint;
  }

  JupyterClients clients() {
    return clients;
  }


  public Future<KernelSpecs> kernelspecs() {
    return call("kernelspecs", HttpMethod.GET, "/api/kernelspecs", null, 200)
        .map(r -> KernelSpecs.fromJson(r.bodyAsJsonObject()));
  }

  /**
   * Starts a kernel of {@code specName}. The specs are asked only when the server refuses (some answer an unknown
   * spec with a bare 500), to say why: a kernel's start is on a cold start's path, and a round trip is not free.
   */
  public Future<KernelModel> startKernel(String specName) {
    Objects.requireNonNull(specName, "specName");
    return call("startKernel(" + specName + ")", HttpMethod.POST, "/api/kernels",
        new JsonObject().put("name", specName), 201).map(r -> KernelModel.fromJson(r.bodyAsJsonObject()))
        .recover(refused -> kernelspecs().transform(specs -> specs.succeeded() && !specs.result().has(specName)
            ? Future.failedFuture(new JupyterException("startKernel(" + specName + ") failed: no such kernelspec; "
                + "the server offers " + specs.result().specs().keySet()))
            : Future.failedFuture(refused)));
  }

  /** The kernel's model, or empty if the server does not know it (404). */
  public Future<Optional<KernelModel>> getKernel(String id) {
    return call("getKernel(" + id + ")", HttpMethod.GET, kernelPath(id), null, 200, 404)
        .map(r -> r.statusCode() == 404 ? Optional.empty() : Optional.of(KernelModel.fromJson(r.bodyAsJsonObject())));
  }

  public Future<List<KernelModel>> listKernels() {
    return call("listKernels", HttpMethod.GET, "/api/kernels", null, 200)
        .map(r -> {
          JsonArray array = r.bodyAsJsonArray();
          return array.stream().map(o -> KernelModel.fromJson((JsonObject) o)).toList();
        });
  }

  public Future<Void> interrupt(String id) {
    return call("interrupt(" + id + ")", HttpMethod.POST, kernelPath(id) + "/interrupt", new JsonObject(), 204, 200)
        .mapEmpty();
  }

  public Future<KernelModel> restart(String id) {
    return call("restart(" + id + ")", HttpMethod.POST, kernelPath(id) + "/restart", new JsonObject(), 200)
        .map(r -> KernelModel.fromJson(r.bodyAsJsonObject()));
  }

  /** Shuts the kernel down; one the server no longer knows (404) counts as already gone. */
  public Future<Void> shutdown(String id) {
    return call("shutdown(" + id + ")", HttpMethod.DELETE, kernelPath(id), null, 204, 200, 404).mapEmpty();
  }

  /** Nothing to release: the connections belong to the shared {@link JupyterClients}. */
  public void close() {
  }

  private static String kernelPath(String id) {
    if (id == null || !KERNEL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a kernel id: " + id);
    }
    return "/api/kernels/" + id;
  }

  private Future<HttpResponse<Buffer>> call(String name, HttpMethod method, String path, JsonObject body,
      int... expected) {
    Future<HttpResponse<Buffer>> sent;
    try {
      HttpRequest<Buffer> request = clients.web()
          .request(method, endpoint.server(), endpoint.port(), endpoint.host(), path)
          .putHeader("Authorization", endpoint.authorization())
          .timeout(callTimeout.toMillis());
      sent = body == null ? request.send() : request.sendJsonObject(body);
    } catch (IllegalStateException closed) {
      // Vert.x refuses a request on a closed client by throwing: callers compose futures, so it must fail one.
      return Future.failedFuture(new JupyterException(name + " failed: " + closed.getMessage(), closed));
    }
    return sent.recover(err -> Future.failedFuture(new JupyterException(
            name + " failed: no answer from " + endpoint + " within " + Deadline.seconds(callTimeout)
                + " (" + err.getMessage() + ")", err)))
        .compose(response -> {
          for (int code : expected) {
            if (response.statusCode() == code) {
              return Future.succeededFuture(response);
            }
          }
          return Future.failedFuture(new JupyterException(name + " failed: HTTP " + response.statusCode()
              + " " + abbreviate(response.bodyAsString()), response.statusCode(), null));
        });
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "(no body)";
    }
    return body.length() <= MAX_BODY_IN_ERROR ? body : body.substring(0, MAX_BODY_IN_ERROR) + "…";
  }
}
