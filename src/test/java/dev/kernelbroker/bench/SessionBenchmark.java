package dev.kernelbroker.bench;

import dev.kernelbroker.Broker;
import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.sandbox.DockerConnection;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.SandboxImages;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reported, not asserted: what a session feels of the pool. New session to first {@code print(1)} with a warm pool
 * and with none, memory of an idle sandbox, broker heap per idle session, and how many sessions calling once a
 * second keep p99 at or under 250 ms. Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.kernelbroker.bench.SessionBenchmark [-Dbench.parts=first,idle,load]
 * [-Dbench.sessions=10,20,30] [-Dbench.firstCalls=20] [-Dbench.idleSessions=10]}
 */
public final class SessionBenchmark {
  private static final Duration CALL = Duration.ofSeconds(120);

  private SessionBenchmark() {}

  public static void main(String[] args) throws Exception {
    SandboxImages.sandbox();
    int firstCalls = Integer.getInteger("bench.firstCalls", 20);
    String parts = System.getProperty("bench.parts", "first,idle,load");
    if (parts.contains("first")) {
      firstResult("new session -> first print(1), warm pool (size 2)", Map.of("BROKER_POOL_SIZE", "2"), firstCalls);
      firstResult("new session -> first print(1), pool size 0", Map.of("BROKER_POOL_SIZE", "0"),
          Math.max(3, firstCalls / 4));
    }
    if (parts.contains("idle")) {
      idleCosts(Integer.getInteger("bench.idleSessions", 10));
    }
    for (String n : parts.contains("load") ? System.getProperty("bench.sessions", "10,20,30").split(",")
        : new String[0]) {
      load(Integer.parseInt(n.strip()), Integer.getInteger("bench.loadSeconds", 30));
    }
    System.exit(0);
  }

  private static Broker broker(Vertx vertx, Map<String, String> settings) throws Exception {
    Map<String, String> values = new HashMap<>(Map.of(
        "BROKER_WORKSPACE_DIR", Files.createTempDirectory("kb-bench").resolve("ws").toString(),
        "BROKER_MAX_SANDBOXES", "64", "BROKER_SANDBOX_MEMORY", "1g", "BROKER_LOG_LEVEL", "warn"));
    values.putAll(settings);
    Broker broker = new Broker(vertx, BrokerConfig.from(values));
    Await.result(broker.checkRuntime());
    Await.result(broker.pool().start(), CALL);
    return broker;
  }

  private static ExecutionResult run(KernelSession session, String code) {
    return Await.result(session.execute(Language.PYTHON, new ExecuteRequest(code, Duration.ofSeconds(60)), c -> { }),
        CALL);
  }

  private static void firstResult(String what, Map<String, String> settings, int times) throws Exception {
    Vertx vertx = Vertx.vertx();
    Broker broker = broker(vertx, settings);
    int pool = broker.config().pool().size();
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      while (broker.pool().status().warm() < pool) {
        Thread.sleep(50); // what a user arriving after the refill meets
      }
      KernelSession session = broker.sessions().obtain("first-" + i);
      long t0 = System.nanoTime();
      ExecutionResult result = run(session, "print(1)");
      millis.add((System.nanoTime() - t0) / 1e6);
      check(result);
      Await.result(broker.sessions().close(session.id()), CALL);
    }
    LatencyReport.print(what, millis);
    Await.result(broker.close().eventually(vertx::close), CALL);
  }

  /** Docker's memory figure for one warm sandbox, and the broker heap each session with both kernels holds. */
  private static void idleCosts(int sessions) throws Exception {
    Vertx vertx = Vertx.vertx();
    Broker broker = broker(vertx, Map.of("BROKER_POOL_SIZE", "1"));
    while (broker.pool().status().warm() < 1 || broker.pool().status().starting() > 0) {
      Thread.sleep(50);
    }
    Thread.sleep(3000);
    try (var docker = DockerConnection.open()) {
      for (var c : docker.listContainersCmd().withLabelFilter(Map.of("dev.kernelbroker.owner-pid",
          Long.toString(ProcessHandle.current().pid()))).exec()) {
        var stats = docker.statsCmd(c.getId()).withNoStream(true).exec(new com.github.dockerjava.core
            .InvocationBuilder.AsyncResultCallback<>()).awaitResult();
        long usage = stats.getMemoryStats().getUsage();
        System.out.printf("%-58s %7.1f MiB%n", "idle sandbox memory (Jupyter + Python kernel, docker stats)",
            usage / 1048576.0);
      }
    }
    long before = heapAfterGc();
    List<KernelSession> idle = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      KernelSession session = broker.sessions().obtain("idle-" + i);
      check(run(session, "x = 1"));
      idle.add(session);
    }
    long after = heapAfterGc();
    System.out.printf("%-58s %7.1f KiB  (n=%d, Python kernel started)%n", "broker heap per idle session",
        (after - before) / 1024.0 / sessions, sessions);
    Thread.sleep(Long.getLong("bench.holdMillis", 0)); // time for a heap histogram (jcmd PID GC.class_histogram)
    Await.result(broker.close().eventually(vertx::close), CALL);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** {@code sessions} sessions, each running a small cell once a second, for {@code seconds}. */
  private static void load(int sessions, int seconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    Broker broker = broker(vertx, Map.of("BROKER_POOL_SIZE", Integer.toString(Math.min(sessions, 64)),
        "BROKER_SANDBOX_CPUS", "1"));
    while (broker.pool().status().warm() < sessions) {
      Thread.sleep(200);
    }
    List<KernelSession> all = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      KernelSession session = broker.sessions().obtain("load-" + i);
      check(run(session, "n = 0"));
      all.add(session);
    }
    List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> loops = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      KernelSession session = all.get(i);
      long offset = i * 1000L / sessions; // spread the calls over the second
      Thread loop = new Thread(() -> {
        try {
          Thread.sleep(offset);
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            ExecutionResult r = run(session, "n += 1\nsum(range(1000))");
            long took = System.nanoTime() - t0;
            millis.add(took / 1e6);
            if (r.status() != ExecutionStatus.OK) {
              errors.incrementAndGet();
            }
            Thread.sleep(Math.max(0, 1000 - took / 1_000_000));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "load-" + i);
      loop.start();
      loops.add(loop);
    }
    for (Thread loop : loops) {
      loop.join();
    }
    LatencyReport.print(sessions + " sessions x 1 call/s for " + seconds + " s (errors " + errors.get() + ")",
        millis);
    Await.result(broker.close().eventually(vertx::close), CALL);
  }

  private static void check(ExecutionResult result) {
    if (result.status() != ExecutionStatus.OK) {
      throw new IllegalStateException("a benchmark cell failed: " + result.summary() + " " + result.text());
    }
  }
}
