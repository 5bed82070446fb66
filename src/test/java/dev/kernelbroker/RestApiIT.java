package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.Notebooks;
import dev.kernelbroker.testsupport.TestBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST face with a plain HTTP client against a broker with a token: the file flow, caps, expiry, errors. */
@ExtendWith(DockerAvailable.class)
class RestApiIT {
  private static final String TOKEN = "rest-test-token-0123456789";
  private static final String CSV = "x,y\n1,2\n3,4\n";
  private static TestBroker broker;
  private static Vertx vertx;
  private static WebClient http;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    broker = new TestBroker(Map.of("BROKER_AUTH_TOKEN", TOKEN, "BROKER_MAX_REQUEST_BYTES", "1m"));
    port = URI.create(broker.url("/")).getPort();
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
      Await.result(vertx.close(), Duration.ofSeconds(10));
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static HttpRequest<Buffer> request(HttpMethod method, String path) {
    return http.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN)
        .timeout(Duration.ofSeconds(60).toMillis());
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> response) {
    return Await.result(response, Duration.ofSeconds(90));
  }

  private static HttpResponse<Buffer> execute(JsonObject body) {
    return await(request(HttpMethod.POST, "/v1/execute").sendJsonObject(body));
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> upload(String chat, String name, byte[] bytes, Map<String, String> fields) {
    MultipartForm form = MultipartForm.create();
    if (chat != null) {
      form.attribute("chat_id", chat);
    }
    fields.forEach(form::attribute);
    form.binaryFileUpload("upload", name, Buffer.buffer(bytes), "text/csv");
    return await(request(HttpMethod.POST, "/v1/upload").sendMultipartForm(form));
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertNotNull(error, response.bodyAsString());
    assertEquals(code, error.getString("code"), response.bodyAsString());
    assertFalse(error.getString("message").isBlank());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void uploadExecuteAndDownloadByHash() throws Exception {
    byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> uploaded = upload("flow", "data.csv", csv, Map.of());
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
    String hash = uploaded.bodyAsJsonObject().getString("hash");
    assertEquals(sha256(csv), hash);
    assertEquals("/workspace/data.csv", uploaded.bodyAsJsonObject().getString("path"));

    JsonObject run = ok(execute(new JsonObject().put("chat_id", "flow").put("language", "python")
        .put("files", new JsonObject().put("/workspace/in/copy.csv", hash))
        .put("env", new JsonObject().put("GREETING", "it's me"))
        .put("source_code", "import os, pandas as pd, matplotlib.pyplot as plt\n"
            + "df = pd.read_csv('/workspace/in/copy.csv')\n"
            + "df.assign(z=df.x * df.y).to_csv('/workspace/out.csv', index=False)\n"
            + "plt.plot(df.x, df.y)\nplt.savefig('/workspace/chart.png')\nplt.show()\n"
            + "print(os.environ['GREETING'])\nint(df.y.sum())")));
    assertEquals(0, run.getInteger("exit_code"), run.encodePrettily());
    assertEquals("it's me\n", run.getString("stdout"));
    assertEquals("6", run.getString("result"));
    String outHash = run.getJsonObject("files").getString("/workspace/out.csv");
    assertNotNull(outHash, run.encodePrettily());
    assertFalse(run.getJsonObject("files").containsKey("/workspace/in/copy.csv"), "inputs are not outputs");
    assertEquals("image/png", run.getJsonArray("images").getJsonObject(0).getString("mime_type"));
    String chartHash = run.getJsonObject("files").getString("/workspace/chart.png");
    HttpResponse<Buffer> chart = await(request(HttpMethod.GET, "/v1/files/" + chartHash + "?chat_id=flow").send());
    assertEquals("image/png", chart.getHeader("Content-Type"));
    assertEquals(chartHash, sha256(chart.body().getBytes()), "the chart's bytes, as hashed");

    HttpResponse<Buffer> got = await(request(HttpMethod.GET, "/v1/files/" + outHash + "?chat_id=flow").send());
    assertEquals(200, got.statusCode(), got.bodyAsString());
    assertEquals("x,y,z\n1,2,2\n3,4,12\n", got.bodyAsString());
    assertEquals(outHash, sha256(got.body().getBytes()));
    HttpResponse<Buffer> posted = await(request(HttpMethod.POST, "/v1/download")
        .sendJsonObject(new JsonObject().put("chat_id", "flow").put("hash", hash)));
    assertEquals(CSV, posted.bodyAsString());

    JsonObject bash = ok(execute(new JsonObject().put("chat_id", "flow").put("language", "bash")
        .put("source_code", "echo oops >&2; (exit 3)")));
    assertEquals(3, bash.getInteger("exit_code"), bash.encodePrettily());
    assertEquals("oops\n", bash.getString("stderr"));
    JsonObject raised = ok(execute(new JsonObject().put("chat_id", "flow").put("source_code", "1/0")));
    assertEquals(1, raised.getInteger("exit_code"));
    assertEquals("ZeroDivisionError", raised.getJsonObject("error").getString("name"));

    // Another chat never sees this one's files or variables.
    assertError(await(request(HttpMethod.GET, "/v1/files/" + outHash + "?chat_id=other").send()), 404, "not_found");
    JsonObject other = ok(execute(new JsonObject().put("chat_id", "other").put("source_code", "'df' in globals()")));
    assertEquals("False", other.getString("result"));
  }

  @Test
  void downloadLimitsAndExpiryAreEnforced() throws Exception {
    String once = upload("caps", "once.csv", "a\n".getBytes(StandardCharsets.UTF_8), Map.of("max_downloads", "1"))
        .bodyAsJsonObject().getString("hash");
    assertEquals(200, await(request(HttpMethod.GET, "/v1/files/" + once + "?chat_id=caps").send()).statusCode());
    assertError(await(request(HttpMethod.GET, "/v1/files/" + once + "?chat_id=caps").send()), 410, "gone");

    String brief = upload("caps", "brief.csv", "b\n".getBytes(StandardCharsets.UTF_8), Map.of("expires_seconds", "1"))
        .bodyAsJsonObject().getString("hash");
    Thread.sleep(1500);
    assertError(await(request(HttpMethod.GET, "/v1/files/" + brief + "?chat_id=caps").send()), 410, "gone");
    assertError(upload("caps", "big.bin", new byte[1100 * 1024], Map.of()), 413, "too_large");
  }

  @Test
  void badRequestsGetJsonErrors() {
    assertError(upload(null, "x.csv", new byte[1], Map.of()), 400, "bad_request");
    assertError(await(request(HttpMethod.POST, "/v1/upload").sendMultipartForm(MultipartForm.create()
        .attribute("chat_id", "bad"))), 400, "bad_request");
    assertError(await(request(HttpMethod.POST, "/v1/upload")
        .putHeader("Content-Type", "multipart/form-data; boundary=zz")
        .sendBuffer(Buffer.buffer("--zz\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\nbad\r\n--zz\r\n"
            + "Content-Disposition: form-data; name=\"upload\"; filename=\"a\"\r\n\r\nunterminated"))),
        400, "bad_request");
    assertError(upload("bad", "x.csv", new byte[1], Map.of("path", "../../etc/passwd")), 403, "outside_workspace");
    assertError(execute(new JsonObject().put("source_code", "1")), 400, "bad_request");
    assertError(execute(new JsonObject().put("chat_id", "bad").put("source_code", "1").put("language", "cobol")),
        400, "bad_request");
    assertTrue(execute(new JsonObject().put("chat_id", "bad").put("source_code", "1").put("language", "cobol"))
        .bodyAsJsonObject().getJsonObject("error").getString("message").contains("[python, bash"));
    assertError(execute(new JsonObject().put("chat_id", "bad").put("source_code", "1")
        .put("files", new JsonObject().put("a.csv", "0".repeat(64)))), 404, "not_found");
    assertError(await(request(HttpMethod.POST, "/v1/execute").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{not json"))), 400, "bad_request");
    assertError(await(request(HttpMethod.GET, "/v1/files/" + "1".repeat(64) + "?chat_id=bad").send()), 404,
        "not_found");
    assertError(await(request(HttpMethod.GET, "/v1/files/nothex?chat_id=bad").send()), 400, "bad_request");
    assertError(await(request(HttpMethod.GET, "/v1/files/" + "1".repeat(64)).send()), 400, "bad_request");
    assertError(await(request(HttpMethod.GET, "/v1/no-such-thing").send()), 404, "not_found");
    assertError(await(request(HttpMethod.POST, "/v1/execute").sendJsonObject(new JsonObject()
        .put("chat_id", "bad").put("source_code", "x".repeat(1100 * 1024)))), 413, "too_large");
  }

  @Test
  void aPythonFunctionIsParsedIntoAToolAndCalledInTheChatsKernel() {
    String source = "def area(width: float, height: float = 2.0) -> dict:\n"
        + "    \"\"\"Area of a rectangle, times SCALE.\"\"\"\n"
        + "    print('computing')\n    return {'area': width * height * SCALE}\n";
    ok(execute(new JsonObject().put("chat_id", "tools").put("source_code", "SCALE = 10")));
    JsonObject parsed = ok(await(request(HttpMethod.POST, "/v1/parse-custom-tool")
        .sendJsonObject(new JsonObject().put("chat_id", "tools").put("tool_source_code", source))));
    assertEquals("area", parsed.getString("tool_name"));
    assertTrue(parsed.getString("tool_description").contains("Area of a rectangle"), parsed.encode());
    JsonObject schema = new JsonObject(parsed.getString("tool_input_schema_json"));
    assertEquals("number", schema.getJsonObject("properties").getJsonObject("width").getString("type"));
    assertEquals(List.of("width"), schema.getJsonArray("required").getList());

    JsonObject called = ok(await(request(HttpMethod.POST, "/v1/execute-custom-tool")
        .sendJsonObject(new JsonObject().put("chat_id", "tools").put("tool_source_code", source)
            .put("tool_input_json", "{\"width\": 3}"))));
    assertTrue(called.getBoolean("ok"), called.encode());
    assertEquals(60.0, new JsonObject(called.getString("tool_output_json")).getDouble("area"), called.encode());
    assertTrue(called.getString("stdout").contains("computing"), called.encode());

    JsonObject refusedArgs = ok(await(request(HttpMethod.POST, "/v1/execute-custom-tool")
        .sendJsonObject(new JsonObject().put("chat_id", "tools").put("tool_source_code", source)
            .put("tool_input_json", new JsonObject().put("width", "wide")))));
    assertFalse(refusedArgs.getBoolean("ok"), refusedArgs.encode());
    assertTrue(refusedArgs.getString("error").contains("nothing was run"), refusedArgs.encode());
    assertError(await(request(HttpMethod.POST, "/v1/parse-custom-tool").sendJsonObject(new JsonObject()
        .put("chat_id", "tools").put("tool_source_code", "def f(x):\n    return x\n"))), 400, "bad_request");
    assertError(await(request(HttpMethod.POST, "/v1/execute-custom-tool").sendJsonObject(new JsonObject()
        .put("tool_source_code", source))), 400, "bad_request");
  }

  @Test
  void theGuardOfMcpAppliesHereToo() {
    HttpResponse<Buffer> anonymous = await(http.request(HttpMethod.GET, port, "127.0.0.1", "/v1/openapi.json").send());
    assertEquals(401, anonymous.statusCode());
    HttpResponse<Buffer> foreign = await(request(HttpMethod.GET, "/v1/openapi.json")
        .putHeader("Origin", "https://evil.example").send());
    assertEquals(403, foreign.statusCode());
    HttpResponse<Buffer> doc = await(request(HttpMethod.GET, "/v1/openapi.json").send());
    assertEquals(200, doc.statusCode());
    JsonObject openApi = doc.bodyAsJsonObject();
    assertEquals("3.1.0", openApi.getString("openapi"));
    assertTrue(openApi.getJsonObject("paths").containsKey("/v1/files/{hash}"));
  }

  @Test
  void theNotebookValidatesAndEndingTheSessionDropsItsFiles() throws Exception {
    ok(execute(new JsonObject().put("chat_id", "nb").put("source_code", "import matplotlib.pyplot as plt\n"
        + "plt.plot([1, 2], [2, 1])\nplt.show()\nprint('first')")));
    ok(execute(new JsonObject().put("chat_id", "nb").put("language", "bash").put("source_code", "echo second")));
    ok(execute(new JsonObject().put("chat_id", "nb").put("source_code", "{'third': 3}")));
    HttpResponse<Buffer> nb = await(request(HttpMethod.GET, "/v1/sessions/nb/notebook").send());
    assertEquals(200, nb.statusCode(), nb.bodyAsString());
    assertEquals(List.of("python", "bash", "python"), Notebooks.validate(nb.body().getBytes()));
    JsonArray cells = nb.bodyAsJsonObject().getJsonArray("cells");
    assertTrue(cells.getJsonObject(0).encode().contains("image/png"));
    assertEquals("%%bash\necho second", cells.getJsonObject(1).getString("source"));
    assertTrue(cells.getJsonObject(2).getInteger("execution_count")
        > cells.getJsonObject(0).getInteger("execution_count"));

    String hash = upload("nb", "keep.csv", CSV.getBytes(StandardCharsets.UTF_8), Map.of())
        .bodyAsJsonObject().getString("hash");
    JsonObject closed = ok(await(request(HttpMethod.DELETE, "/v1/sessions/nb").send()));
    assertTrue(closed.getBoolean("closed"));
    assertError(await(request(HttpMethod.GET, "/v1/sessions/nb/notebook").send()), 404, "not_found");
    assertError(await(request(HttpMethod.GET, "/v1/files/" + hash + "?chat_id=nb").send()), 404, "not_found");
    assertFalse(ok(await(request(HttpMethod.DELETE, "/v1/sessions/nb").send())).getBoolean("closed"));
  }
}
