package dev.kernelbroker.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The official TypeScript MCP client (src/test/node/mcp-driver.mjs) in a child process, with typed
 * calls and deadlines, so tests see exactly what a real agent would.
 */
public final class NodeMcpClient implements AutoCloseable {
  private boolean terminateOnClose;
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The outcome of one tools/call; progress holds the notifications the client received. */
  public record CallOutcome(boolean ok, JsonNode result, JsonNode error, List<JsonNode> progress) {
    public String text() {
      return result.path("content").path(0).path("text").asText();
    }

    public boolean isError() {
      return result.path("isError").asBoolean(false);
    }
  }

  private final Process process;
  private final OutputStream stdin;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<Integer, List<JsonNode>> progress = new ConcurrentHashMap<>();
  private final List<JsonNode> logs = new CopyOnWriteArrayList<>();
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  private final Map<Integer, List<JsonNode>> taskMessages = new ConcurrentHashMap<>();
  private final CompletableFuture<JsonNode> connected = new CompletableFuture<>();

  private NodeMcpClient(List<String> driverArgs, Map<String, String> env) throws IOException {
    Path projectDir = Path.of(System.getProperty("kernelbroker.projectDir", System.getProperty("user.dir")));
    List<String> command = new ArrayList<>(List.of("node", projectDir.resolve("src/test/node/mcp-driver.mjs").toString()));
    command.addAll(driverArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    process = builder.start();
    stdin = process.getOutputStream();
    Thread reader = new Thread(this::readEvents, "node-mcp-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static NodeMcpClient sse(String url, String token) throws Exception {
    return start(withToken(token, "sse", url));
  }

  public static NodeMcpClient streamableHttp(String url, String token) throws Exception {
    return start(withToken(token, "http", url));
  }

  /**
   * A client that takes up an existing Streamable HTTP session (as one does whose server restarted under it): no
   * initialize, just requests with that session id, sending {@code protocol} as its version header.
   */
  public static NodeMcpClient resumeStreamableHttp(String url, String sessionId, String protocol) throws Exception {
    return start(List.of("--session", sessionId, "--protocol", protocol, "http", url));
  }

  /** Launches {@link StdioTestServer} in a fresh JVM through the client's StdioClientTransport. */
  static NodeMcpClient stdio() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return start(List.of("stdio", java, "-cp", classpath, StdioTestServer.class.getName()));
  }

  /** Launches {@code command} as a stdio MCP server; {@code env} (e.g. BROKER_* settings) reaches it. */
  public static NodeMcpClient stdio(List<String> command, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>(List.of("stdio"));
    args.addAll(command);
    return start(args, env);
  }

  private static List<String> withToken(String token, String kind, String url) {
    return token == null ? List.of(kind, url) : List.of("--token", token, kind, url);
  }

  private static NodeMcpClient start(List<String> args) throws Exception {
    return start(args, Map.of());
  }

  private static NodeMcpClient start(List<String> args, Map<String, String> env) throws Exception {
    NodeMcpClient client = new NodeMcpClient(args, env);
    try {
      client.connected.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** The driver's "connected" event: serverInfo, capabilities, instructions, sessionId. */
  public JsonNode connectedInfo() {
    return connected.join();
  }

  public List<JsonNode> logs() {
    return logs;
  }

  /** tools/list_changed and tasks/status notifications, as {method, params}, in arrival order. */
  public List<JsonNode> notifications() {
    return notifications;
  }

  /** A task-augmented tools/call in flight (SDK experimental callToolStream): its stream messages so far. */
  public record TaskCall(List<JsonNode> messages, CompletableFuture<JsonNode> done) { }

  public TaskCall callToolTask(String name, ObjectNode arguments) throws IOException {
    ObjectNode command = McpJson.object().put("cmd", "callToolTask").put("name", name)
        .put("timeoutMs", DEADLINE.toMillis());
    command.set("arguments", arguments);
    int id = nextId.incrementAndGet();
    List<JsonNode> messages = new CopyOnWriteArrayList<>();
    taskMessages.put(id, messages);
    return new TaskCall(messages, send(id, command));
  }

  /** Sends one driver command ({"cmd": …, …}) and returns its whole answer event: ok, result or error. */
  public JsonNode command(ObjectNode command) throws Exception {
    return send(command).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  public JsonNode listTools() throws Exception {
    return await(send(McpJson.object().put("cmd", "listTools")));
  }

  /** Methods of the server notifications received so far (besides progress and logs), in order. */
  public List<String> notificationMethods() {
    return notifications.stream().map(n -> n.path("method").asText()).toList();
  }

  public JsonNode listResources(String cursor) throws Exception {
    ObjectNode command = McpJson.object().put("cmd", "listResources");
    if (cursor != null) {
      command.put("cursor", cursor);
    }
    return await(send(command));
  }

  public JsonNode listResourceTemplates() throws Exception {
    return await(send(McpJson.object().put("cmd", "listResourceTemplates")));
  }

  /** The driver's whole answer: {@code ok} with {@code result}, or {@code error} with the JSON-RPC code. */
  public JsonNode readResource(String uri) throws Exception {
    return send(McpJson.object().put("cmd", "readResource").put("uri", uri))
        .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  public JsonNode ping() throws Exception {
    return await(send(McpJson.object().put("cmd", "ping")));
  }

  public JsonNode terminateSession() throws Exception {
    return await(send(McpJson.object().put("cmd", "terminate")));
  }

  public CallOutcome callTool(String name, ObjectNode arguments) throws Exception {
    return callToolAsync(name, arguments, false, null).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  public CompletableFuture<CallOutcome> callToolAsync(
      String name, ObjectNode arguments, boolean withProgress, Long cancelAfterMs) throws IOException {
    ObjectNode command = McpJson.object().put("cmd", "callTool").put("name", name)
        .put("withProgress", withProgress).put("timeoutMs", DEADLINE.toMillis());
    command.set("arguments", arguments);
    if (cancelAfterMs != null) {
      command.put("cancelAfterMs", cancelAfterMs);
    }
    int id = nextId.incrementAndGet();
    progress.put(id, new CopyOnWriteArrayList<>());
    return send(id, command).thenApply(event -> new CallOutcome(event.path("ok").asBoolean(),
        event.path("result"), event.path("error"), List.copyOf(progress.get(id))));
  }

  private CompletableFuture<JsonNode> send(ObjectNode command) throws IOException {
    return send(nextId.incrementAndGet(), command);
  }

  private synchronized CompletableFuture<JsonNode> send(int id, ObjectNode command) throws IOException {
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    stdin.write((command.put("id", id) + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    return answer;
  }

  private static JsonNode await(CompletableFuture<JsonNode> answer) throws Exception {
    JsonNode event = answer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    if (!event.path("ok").asBoolean()) {
      throw new IllegalStateException("MCP client reported " + event.path("error"));
    }
    return event.path("result");
  }

  private void readEvents() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        dispatch(McpJson.MAPPER.readTree(line));
      }
    } catch (IOException e) {
      // The process went away; the pending futures are failed below.
    }
    IllegalStateException gone = new IllegalStateException("the Node MCP client exited");
    connected.completeExceptionally(gone);
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  private void dispatch(JsonNode event) {
    String kind = event.path("event").asText("");
    switch (kind) {
      case "connected" -> connected.complete(event);
      case "fatal" -> connected.completeExceptionally(new IllegalStateException(event.toString()));
      case "log" -> logs.add(event.path("params"));
      case "notification" -> notifications.add(event);
      case "taskMessage" -> taskMessages.getOrDefault(event.path("id").asInt(), new ArrayList<>())
          .add(event.path("message"));
      case "progress" -> progress.getOrDefault(event.path("id").asInt(), new ArrayList<>()).add(event);
      case "transportError" -> { } // The SDK reports stream reconnects here; not a test failure.
      default -> {
        CompletableFuture<JsonNode> answer = pending.remove(event.path("id").asInt());
        if (answer != null) {
          answer.complete(event);
        }
      }
    }
  }

  /**
   * Ends the session (HTTP DELETE) when closed, as a well-behaved client does; the SDK's own close() does not, and
   * the broker would keep the session's sandbox until its idle timeout.
   */
  public NodeMcpClient endingSessionOnClose() {
    terminateOnClose = true;
    return this;
  }

  @Override
  public void close() {
    try {
      if (terminateOnClose) {
        try {
          terminateSession();
        } catch (Exception alreadyEnded) {
          // the test ended it itself
        }
      }
      send(McpJson.object().put("cmd", "close"));
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
