package dev.kernelbroker.rest;

import dev.kernelbroker.access.QuotaRegistry;
import dev.kernelbroker.customtools.CustomTools;
import dev.kernelbroker.mcp.transport.CallQuotaHandler;
import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.session.KernelSessionRegistry;
import dev.kernelbroker.tools.CellRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The plain HTTP face of the broker under {@code /v1}, for callers that do not speak MCP. Mounted on the MCP server's
 * router, so the same guard (token, Origin, Host) and connection deadlines apply; bodies are limited to the same
 * {@code BROKER_MAX_REQUEST_BYTES}, uploads included. Every refusal is {@code {"error": {"code", "message"}}}.
 */
public final class RestApi {
  public static final String PREFIX = "/v1";

  private final Router router;

  /** Blocking (creates the uploads folder): call at start-up, not on an event loop. */
  public RestApi(Vertx vertx, KernelSessionRegistry registry, CellRunner runner, ExecutionSettings limits,
      long maxRequestBytes, Path uploads, QuotaRegistry quotas) {
    ChatSessions chats = new ChatSessions(registry, runner.files().grants());
    ExecuteEndpoint execute = new ExecuteEndpoint(chats, runner, limits);
    UploadEndpoint upload = new UploadEndpoint(vertx, chats, runner.files());
    DownloadEndpoint download = new DownloadEndpoint(vertx, chats, runner.files());
    SessionEndpoint sessions = new SessionEndpoint(chats);
    CustomToolEndpoint customTools = new CustomToolEndpoint(chats,
        new CustomTools(CustomTools.PARSE_TIMEOUT, limits.defaultTimeout()));
    Buffer openApi = openApi();
    router = Router.router(vertx);
    MultipartWatch watch = new MultipartWatch(vertx);
    router.route().handler(watch::begin);
    router.route().handler(BodyHandler.create(privateFolder(uploads).toString()).setBodyLimit(maxRequestBytes)
        .setDeleteUploadedFilesOnEnd(true));
    router.route().handler(watch::end);
    // Code runs here: the caller's token pays for it, and over its call or CPU limit gets 429 with Retry-After.
    CallQuotaHandler quota = new CallQuotaHandler(quotas);
    serve(router.post("/execute").handler(quota), execute);
    serve(router.post("/parse-custom-tool").handler(quota), customTools::parse);
    serve(router.post("/execute-custom-tool").handler(quota), customTools::execute);
    serve(router.post("/upload"), upload);
    serve(router.get("/files/:hash"), download::byPath);
    serve(router.post("/download"), download::byBody);
    serve(router.delete("/sessions/:chat_id"), sessions::delete);
    serve(router.get("/sessions/:chat_id/notebook"), sessions::notebook);
    serve(router.get("/openapi.json"), ctx -> {
      ctx.response().putHeader("Content-Type", RestReply.JSON).end(openApi);
      return Future.succeededFuture();
    });
    router.route().last().handler(ctx -> RestReply.error(ctx, 404, "not_found", "No such endpoint: "
        + ctx.request().method() + " " + ctx.request().path() + " (see " + PREFIX + "/openapi.json)"));
    router.errorHandler(413, ctx -> RestReply.error(ctx, 413, "too_large", "The request is larger than "
        + maxRequestBytes + " bytes (BROKER_MAX_REQUEST_BYTES)"));
    router.errorHandler(400, ctx -> RestReply.error(ctx, 400, "bad_request", "The request could not be read: "
        + (ctx.failure() == null ? "malformed body" : ctx.failure().getMessage())));
    router.errorHandler(500, ctx -> RestReply.failure(ctx, ctx.failure() == null
        ? new IllegalStateException("unexpected failure") : ctx.failure()));
  }

  public Router router() {
    return router;
  }

  /** One endpoint on one route: its failures, thrown or in its Future, become JSON errors. */
  private static void serve(Route route, RestEndpoint endpoint) {
    route.handler(ctx -> {
      Future<Void> done;
      try {
        done = endpoint.serve(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(e -> RestReply.failure(ctx, e));
    });
  }

  private static Buffer openApi() {
    try (InputStream in = RestApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path privateFolder(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the uploads folder " + dir, e);
    }
  }
}
