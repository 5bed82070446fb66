package dev.kernelbroker.bench;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.JupyterClients;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import dev.kernelbroker.jupyter.JupyterRestClient;
import dev.kernelbroker.jupyter.KernelManager;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.sandbox.SandboxRuntime;
import dev.kernelbroker.sandbox.SandboxRuntimes;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.SandboxImages;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reported, not asserted: latency of an empty execution through {@link KernelManager} against a raw JDK
 * Vert.x WebSocket on the same kernel, and the time from container create to a kernel that answers.
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.kernelbroker.bench.ExecutionBenchmark [-Dbench.iterations=500]}. Network bridge: the bare
 * Vert.x WebSocket dials only TCP, so it meets the kernel on its published port ({@code bench-e2e.mjs} measures the
 * default network none, where the broker dials Jupyter's Unix socket).
 */
public final class ExecutionBenchmark {
  private ExecutionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = Integer.getInteger("bench.iterations", 500);
    int rounds = Integer.getInteger("bench.startRounds", 5);
    SandboxImages.sandbox();
    Vertx vertx = Vertx.vertx();
    String network = "bridge"; // both clients dial Jupyter's published port
    System.out.println("network " + network);
    var settings = BrokerConfig.from(Map.of("BROKER_SANDBOX_NETWORK", network, "BROKER_WORKSPACE_DIR",
        Files.createTempDirectory("kb-bench").resolve("ws").toString())).sandbox();

    List<Double> jupyterReady = new ArrayList<>();
    List<Double> startups = new ArrayList<>();
    SandboxRuntime runtime = SandboxRuntimes.create(vertx, settings);
    Await.result(runtime.prepare());
    JupyterClients clients = new JupyterClients(vertx);
    SandboxInstance sandbox = null;
    KernelManager kernel = null;
    for (int round = 0; round < rounds; round++) {
      if (sandbox != null) {
        Await.result(kernel.shutdown());
        Await.result(runtime.stop(sandbox));
      }
      long t0 = System.nanoTime();
      sandbox = Await.result(runtime.start());
      JupyterEndpoint endpoint = sandbox.endpoint();
      jupyterReady.add((System.nanoTime() - t0) / 1e6);
      kernel = Await.result(KernelManager.launch(vertx, new JupyterRestClient(clients, endpoint), "python3",
          KernelSettings.DEFAULT));
      startups.add((System.nanoTime() - t0) / 1e6);
    }
    JupyterEndpoint endpoint = sandbox.endpoint();
    KernelManager python = kernel;
    LatencyReport.print("container create -> Jupyter answers", jupyterReady);
    LatencyReport.print("container create -> python kernel ready", startups);

    Supplier<Void> viaClient = () -> {
      Await.result(python.client().execute(new ExecuteRequest("", Duration.ofSeconds(30))).result());
      return null;
    };
    try (RawKernelSocket raw = new RawKernelSocket(vertx, endpoint,
        python.kernelId())) {
      Supplier<Void> viaRaw = () -> {
        Await.result(io.vertx.core.Future.fromCompletionStage(raw.execute("")), Duration.ofSeconds(30));
        return null;
      };
      measure(viaRaw, 50);
      measure(viaClient, 50); // warm-up both paths
      LatencyReport.print("empty execution, bare Vert.x WebSocket", measure(viaRaw, iterations));
      LatencyReport.print("empty execution, KernelManager (broker client)", measure(viaClient, iterations));
    }
    Await.result(python.shutdown());
    Await.result(runtime.stop(sandbox));
    vertx.close();
    System.exit(0);
  }

  private static List<Double> measure(Supplier<Void> run, int times) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      long t0 = System.nanoTime();
      run.get();
      millis.add((System.nanoTime() - t0) / 1e6);
    }
    return millis;
  }
}
