package dev.kernelbroker.bench;

import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.SandboxImages;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reported, not asserted: what abuse costs the broker and its other users. Starts the real jar with a bounded heap
 * ({@code -Xmx256m}) as its own process, then through the official MCP client: a 100 MB print, a fork bomb, a
 * memory bomb, each followed by a normal call, printing time, outcome and the broker's resident memory (current and
 * peak). Run: {@code mvn -q -B package -DskipTests && mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.kernelbroker.bench.AbuseBenchmark}
 */
public final class AbuseBenchmark {
  private static final int PORT = Integer.getInteger("bench.port", 18222);

  private AbuseBenchmark() {}

  public static void main(String[] args) throws Exception {
    SandboxImages.sandbox();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("kernelbroker.jar", "target/kernel-broker.jar");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(Map.of("BROKER_PORT", Integer.toString(PORT), "BROKER_POOL_SIZE", "1",
        "BROKER_WORKSPACE_DIR", Files.createTempDirectory("kb-abuse").resolve("ws").toString()));
    Process broker = builder.start();
    try {
      awaitPort();
      String url = "http://127.0.0.1:" + PORT + "/mcp";
      try (NodeMcpClient user = NodeMcpClient.streamableHttp(url, null).endingSessionOnClose()) {
        measure(broker, "baseline: print(1)", user, "execute_python_code", "print(1)");
        measure(broker, "100 MB print", user, "execute_python_code", "print('x' * 100_000_000)");
        measure(broker, "next call", user, "execute_python_code", "print(2)");
        measure(broker, "fork bomb (bash, 20 s timeout)", user, "execute_bash_code",
            ":(){ :|:& };:; sleep 30", 20);
        measure(broker, "next call (bash)", user, "execute_bash_code", "echo alive");
        measure(broker, "memory bomb (4 GiB in a 1 GiB sandbox)", user, "execute_python_code",
            "hog = b'x' * (4 * 1024**3)");
        measure(broker, "next call", user, "execute_python_code", "print(3)");
      }
    } finally {
      broker.destroy();
      broker.waitFor();
    }
    System.exit(0);
  }

  private static void measure(Process broker, String what, NodeMcpClient client, String tool, String code)
      throws Exception {
    measure(broker, what, client, tool, code, 120);
  }

  private static void measure(Process broker, String what, NodeMcpClient client, String tool, String code,
      int timeoutSeconds) throws Exception {
    long t0 = System.nanoTime();
    CallOutcome outcome = client.callTool(tool, McpJson.object().put("command", code)
        .put("timeout_seconds", timeoutSeconds));
    double seconds = (System.nanoTime() - t0) / 1e9;
    String summary = outcome.text().lines().reduce((a, b) -> b).orElse("").strip();
    System.out.printf("%-40s %6.2f s  isError=%-5s RSS %5d MiB (peak %5d MiB)  %s%n", what, seconds,
        outcome.isError(), memory(broker, "VmRSS"), memory(broker, "VmHWM"),
        summary.length() > 110 ? summary.substring(0, 110) + "…" : summary);
  }

  /** A /proc/PID/status figure of the broker process, in MiB. */
  private static long memory(Process broker, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(broker.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    return -1;
  }

  private static void awaitPort() throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", PORT)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the broker did not listen on port " + PORT + " within 60 s");
  }
}
