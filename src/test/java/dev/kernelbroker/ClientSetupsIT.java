package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.ClientClis;
import dev.kernelbroker.testsupport.ClientClis.Outcome;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's client setups, pasted into the real CLIs (versions pinned in src/test/clients) against brokers
 * started here, one open and one with a token: every line of the Claude Code block, then {@code claude mcp list};
 * the Gemini CLI settings, with the variants the README names, then {@code gemini mcp list} in a trusted and in an
 * untrusted folder. HOME is a temporary folder, so the user's own configuration is never read or touched. Listing
 * tools starts no sandbox, so these brokers run no Docker container; and the sessions the CLIs leave behind end
 * after the unused timeout.
 */
@ExtendWith(ClientClis.class)
class ClientSetupsIT {
  private static final String README_BASE = "http://127.0.0.1:8222";
  private static final String TOKEN = "client-setups-token-0123456789";
  private static final Duration UNUSED = Duration.ofSeconds(10); // the shortest BROKER_SESSION_UNUSED_TIMEOUT
  private static final Duration CLI_DEADLINE = Duration.ofSeconds(45);
  private static final Vertx VERTX = Vertx.vertx();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Served open;
  private static Served guarded;

  /** A broker serving HTTP on a free port; {@code token} is null for none. */
  private record Served(Broker broker, int port, String token) {
    String base() {
      return "http://127.0.0.1:" + port;
    }

    int mcpSessions() throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/health"));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      String body = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
      return McpJson.MAPPER.readTree(body).at("/mcp/sessions").asInt(-1);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    open = serve(Map.of());
    guarded = serve(Map.of("BROKER_AUTH_TOKEN", TOKEN));
  }

  @AfterAll
  static void stop() {
    for (Served served : new Served[] {open, guarded}) {
      if (served != null) {
        Await.result(served.broker().close(), Duration.ofSeconds(30));
      }
    }
    Await.result(VERTX.close(), Duration.ofSeconds(30));
  }

  private static Served serve(Map<String, String> settings) throws Exception {
    Map<String, String> values = new HashMap<>(Map.of(
        "BROKER_PORT", "0",
        "BROKER_POOL_SIZE", "0",
        "BROKER_WORKSPACE_DIR", Files.createTempDirectory("kb-clients").resolve("workspace").toString(),
        "BROKER_SESSION_UNUSED_TIMEOUT", UNUSED.toSeconds() + "s"));
    values.putAll(settings);
    Broker broker = new Broker(VERTX, BrokerConfig.from(values));
    int port = Await.result(broker.serveHttp(), Duration.ofSeconds(30));
    return new Served(broker, port, settings.get("BROKER_AUTH_TOKEN"));
  }

  @Test
  void claudeCodeTakesEveryReadmeLineAndConnectsToEachServer(@TempDir Path home) throws Exception {
    Path project = Files.createDirectories(home.resolve("project"));
    List<String> lines = readmeBlock("```sh", "claude mcp add").lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    Map<String, String> added = new HashMap<>(); // name → URL the CLI was given
    Outcome listed = null;
    for (String line : lines) {
      String pasted = line.replace(README_BASE, (line.contains("BROKER_AUTH_TOKEN") ? guarded : open).base());
      Outcome outcome = ClientClis.run(home, project, Map.of("BROKER_AUTH_TOKEN", TOKEN), pasted, CLI_DEADLINE);
      assertEquals(0, outcome.exitCode(), pasted + " → " + outcome);
      Matcher add = Pattern.compile("claude mcp add --transport \\w+ (\\S+) (\\S+)").matcher(pasted);
      if (add.find()) {
        assertFalse(added.containsKey(add.group(1)), "the README reuses the name " + add.group(1));
        added.put(add.group(1), add.group(2));
      } else if (pasted.startsWith("claude mcp list")) {
        listed = outcome;
      }
    }
    assertEquals(3, added.size(), "http, sse and with a token: " + lines);
    assertTrue(listed != null, "the README's block ends with claude mcp list: " + lines);
    for (Map.Entry<String, String> server : added.entrySet()) {
      String expected = server.getKey() + ": " + server.getValue() + " (" + (server.getValue().endsWith("/sse")
          ? "SSE" : "HTTP") + ") - ✔ Connected";
      assertTrue(listed.output().contains(expected), "expected «" + expected + "» in " + listed);
    }
    awaitNoSessionsLeft();
  }

  @Test
  void geminiCliConnectsWithEveryReadmeVariantInATrustedFolderOnly(@TempDir Path home) throws Exception {
    Path trusted = Files.createDirectories(home.resolve("trusted")).toRealPath();
    Path untrusted = Files.createDirectories(home.resolve("untrusted")).toRealPath();
    ObjectNode settings = (ObjectNode) McpJson.MAPPER.readTree(readmeBlock("```json", "\"type\": \"http\""));
    ObjectNode servers = (ObjectNode) settings.get("mcpServers");
    ObjectNode readme = (ObjectNode) servers.get("kernel-broker");
    readme.put("url", readme.get("url").asText().replace(README_BASE, open.base()));
    servers.set("kernel-broker-sse", readme.deepCopy().put("type", "sse").put("url", open.base() + "/sse"));
    ObjectNode bareUrl = readme.deepCopy().put("url", open.base() + "/sse"); // CodeRunner's setup: no type
    bareUrl.remove("type");
    servers.set("kernel-broker-bare-url", bareUrl);
    ObjectNode withToken = readme.deepCopy().put("url", guarded.base() + "/mcp");
    withToken.putObject("headers").put("Authorization", "Bearer " + TOKEN);
    servers.set("kernel-broker-auth", withToken);
    Path gemini = Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(gemini.resolve("settings.json"), settings.toPrettyString());
    Files.writeString(gemini.resolve("trustedFolders.json"),
        McpJson.object().put(trusted.toString(), "TRUST_FOLDER").toPrettyString());

    Outcome listed = ClientClis.run(home, trusted, Map.of(), "gemini mcp list", CLI_DEADLINE);
    assertEquals(0, listed.exitCode(), listed.toString());
    List<String> expected = new ArrayList<>();
    servers.fields().forEachRemaining(server -> {
      JsonNode config = server.getValue();
      expected.add("✓ " + server.getKey() + ": " + config.get("url").asText() + " ("
          + config.path("type").asText("http") + ") - Connected");
    });
    for (String line : expected) {
      assertTrue(listed.output().contains(line), "expected «" + line + "» in " + listed);
    }

    Outcome disabled = ClientClis.run(home, untrusted, Map.of(), "gemini mcp list", CLI_DEADLINE);
    assertTrue(disabled.output().contains("disabled because this folder is untrusted"), disabled.toString());
    assertFalse(disabled.output().contains("- Connected"), disabled.toString());
    awaitNoSessionsLeft();
  }

  /** The CLIs go without ending their sessions; those held nothing, so they end after the unused timeout. */
  private static void awaitNoSessionsLeft() throws Exception {
    long deadline = System.nanoTime() + UNUSED.plusSeconds(8).toNanos();
    while (open.mcpSessions() + guarded.mcpSessions() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sessions left " + UNUSED.plusSeconds(8).toSeconds() + " s after the CLIs went: "
            + open.mcpSessions() + " open, " + guarded.mcpSessions() + " with a token");
      }
      Thread.sleep(250);
    }
  }

  /** The first fenced block of "Connect a client" that opens with {@code fence} and contains {@code marker}. */
  private static String readmeBlock(String fence, String marker) throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("kernelbroker.projectDir", "."), "README.md"));
    int section = readme.indexOf("## Connect a client");
    String connect = readme.substring(section, readme.indexOf("\n## ", section + 1));
    Matcher block = Pattern.compile(Pattern.quote(fence) + "\\n(.*?)\\n```", Pattern.DOTALL).matcher(connect);
    while (block.find()) {
      if (block.group(1).contains(marker)) {
        return block.group(1);
      }
    }
    throw new AssertionError("no " + fence + " block with " + marker + " under Connect a client");
  }
}
