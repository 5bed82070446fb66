package dev.kernelbroker.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.access.AccessSettings;
import dev.kernelbroker.access.AccessToken;
import dev.kernelbroker.access.Limits;
import dev.kernelbroker.access.QuotaRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A route behind the guard and the call quota, as a REST face mounts it: 429 with Retry-After over the rate. */
class CallQuotaHandlerTest {
  @Test
  void aTokenOverItsRateGets429WithRetryAfterAndAnotherTokenIsUnaffected() throws Exception {
    Limits two = new Limits(OptionalInt.empty(), OptionalInt.of(2), OptionalInt.empty());
    AccessSettings access = new AccessSettings(List.of(new AccessToken("alice", "alice-token-000001", two),
        new AccessToken("bob", "bob-token-00000002", two)), Limits.NONE);
    McpHttpSettings settings = new McpHttpSettings("127.0.0.1", 0, List.of(), access, 4096, Duration.ofMinutes(1),
        Duration.ofMinutes(1), HttpDeadlines.DEFAULTS);
    QuotaRegistry quotas = new QuotaRegistry(access);
    Vertx vertx = Vertx.vertx();
    try {
      int[] port = new int[1];
      Router router = Router.router(vertx);
      router.route().handler(new HttpGuard(settings, () -> port[0], address -> false, quotas));
      router.post("/v1/execute").handler(new CallQuotaHandler(quotas)).handler(ctx -> ctx.response().end("ran"));
      port[0] = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      HttpClient http = HttpClient.newHttpClient();
      java.util.function.Function<String, HttpResponse<String>> post = token -> {
        try {
          return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port[0] + "/v1/execute"))
              .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      HttpResponse<String> refused = null;
      for (int i = 0; i < 5 && refused == null; i++) { // a turn of the limiter's minute may let two more through
        HttpResponse<String> r = post.apply("alice-token-000001");
        if (r.statusCode() == 429) {
          refused = r;
        } else {
          assertEquals("ran", r.body());
        }
      }
      assertTrue(refused != null, "alice was never refused");
      long retry = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
      assertTrue(refused.body().contains("token 'alice' made 2 calls this minute"), refused.body());
      assertEquals("ran", post.apply("bob-token-00000002").body(), "bob has his own quota");
      assertEquals(401, post.apply("nobody-token-00000").statusCode());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
