package dev.kernelbroker.metrics;

import dev.kernelbroker.access.Refusal;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.mcp.transport.HttpMetrics;
import dev.kernelbroker.pool.PoolStatus;
import dev.kernelbroker.session.CallUsage;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.session.SessionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The broker's meters in one Prometheus registry: what calls ran and how they ended, what they cost, the pool, the
 * sessions and the HTTP endpoint. It is told by the layers through their listener interfaces ({@link SessionObserver},
 * {@link HttpMetrics}), so they know nothing of Micrometer.
 */
public final class BrokerMetrics implements SessionObserver, HttpMetrics {
  /** Execution latency buckets: from a {@code pass} (a few ms) to the longest cells. */
  private static final Duration[] EXECUTION_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      10, 30, 60, 300, 1800);
  /** The broker's own share of a call: sub-millisecond when warm, seconds when a sandbox or kernel starts. */
  private static final Duration[] OVERHEAD_BUCKETS = seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25, 0.5, 1, 2.5, 5, 10);
  private static final Duration[] CLAIM_BUCKETS = seconds(0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 20, 60);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // The meters a call touches, made once: a builder's register() looks the meter up anew, every call.
  private final Map<Language, Map<ExecutionStatus, Counter>> executions = new EnumMap<>(Language.class);
  private final Map<Language, Timer> executionTimes = new EnumMap<>(Language.class);
  private final Map<Language, DistributionSummary> outputs = new EnumMap<>(Language.class);
  private final Map<Language, Timer> overheads = new EnumMap<>(Language.class);
  private final Map<String, Counter> cpu = new ConcurrentHashMap<>();
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();

  public BrokerMetrics() {
    for (Language language : Language.values()) {
      Map<ExecutionStatus, Counter> byStatus = new EnumMap<>(ExecutionStatus.class);
      for (ExecutionStatus status : ExecutionStatus.values()) {
        byStatus.put(status, executions(language, status)); // every series from the start: rate() sees the first
      }
      executions.put(language, byStatus);
      String lang = label(language);
      executionTimes.put(language, Timer.builder(Meters.EXECUTION_DURATION)
          .description("Kernel execution time of a call (wall)").tag(Meters.LANGUAGE, lang)
          .serviceLevelObjectives(EXECUTION_BUCKETS).register(registry));
      outputs.put(language, DistributionSummary.builder(Meters.OUTPUT).baseUnit("bytes").description("Output a call"
          + " produced (UTF-8 text and image data, before the output caps)").tag(Meters.LANGUAGE, lang)
          .register(registry));
      overheads.put(language, Timer.builder(Meters.CALL_OVERHEAD).description("Time of a code call in the broker"
          + " outside the kernel's execution: queueing behind the session's earlier calls, a sandbox claim and kernel"
          + " start on first use, result formatting").tag(Meters.LANGUAGE, lang)
          .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry));
    }
  }

  /**
   * The JVM's own meters (memory, GC, threads, CPU, uptime), for a broker that serves {@code /metrics}. Not bound at
   * construction: their management beans cost a cold start ~60 ms of CPU, and a stdio broker has no {@code /metrics}.
   */
  public void watchJvm() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Gauges over the pool's state, read at each scrape (held strongly: Micrometer's gauges hold weakly by default). */
  public void watchPool(Supplier<PoolStatus> pool) {
    Map<String, ToIntFunction<PoolStatus>> states = Map.of("live", PoolStatus::live, "warm", PoolStatus::warm,
        "starting", PoolStatus::starting, "claimed", PoolStatus::claimed, "stopped", PoolStatus::stopped,
        "waiting", PoolStatus::waiting);
    states.forEach((state, value) -> Gauge.builder(Meters.SANDBOXES, pool, p -> value.applyAsInt(p.get()))
        .description("Sandboxes by state: live = warm + starting + claimed; waiting = claims waiting for one")
        .tag(Meters.STATE, state).strongReference(true).register(registry));
    Gauge.builder(Meters.SANDBOXES_MAX, pool, p -> p.get().max())
        .description("BROKER_MAX_SANDBOXES").strongReference(true).register(registry);
  }

  /** Gauges of MCP sessions by transport ({@code stdio}, {@code sse}, {@code streamable_http}), read at each scrape. */
  public void watchSessions(Map<String, Supplier<Integer>> byTransport, Supplier<Integer> kernelSessions) {
    byTransport.forEach((transport, count) -> Gauge.builder(Meters.SESSIONS, count, c -> c.get())
        .description("Open MCP sessions by transport").tag(Meters.TRANSPORT, transport).strongReference(true)
        .register(registry));
    Gauge.builder(Meters.KERNEL_SESSIONS, kernelSessions, c -> c.get())
        .description("Kernel sessions (each with its own sandbox once it ran code)").strongReference(true)
        .register(registry);
  }

  @Override
  public void executed(KernelSession session, Language language, ExecutionResult result, CallUsage usage) {
    executions.get(language).get(result.status()).increment();
    executionTimes.get(language).record(result.wallTime());
    outputs.get(language).record(outputBytes(result));
    usage.sandbox().ifPresent(s -> {
      String client = clientLabel(session.client());
      cpu.computeIfAbsent(label(language) + '\n' + client, key -> Counter.builder(Meters.CPU).baseUnit("seconds")
          .description("CPU time of calls, measured in the sandbox's cgroup").tag(Meters.LANGUAGE, label(language))
          .tag(Meters.CLIENT, client).register(registry)).increment(s.cpuSeconds());
    });
  }

  @Override
  public void claimWaited(Duration wait, boolean claimed) {
    Timer.builder(Meters.CLAIM_WAIT).description("How long a session waited for its sandbox from the pool")
        .tag(Meters.OUTCOME, claimed ? "claimed" : "failed").serviceLevelObjectives(CLAIM_BUCKETS)
        .register(registry).record(wait);
  }

  @Override
  public void callTook(Language language, Duration total, Duration kernel) {
    Duration overhead = total.minus(kernel);
    overheads.get(language).record(overhead.isNegative() ? Duration.ZERO : overhead);
  }

  /** A call or a new session refused by a limit of the client's token. */
  public void refused(String client, Refusal refusal) {
    Counter.builder(Meters.QUOTA_REFUSALS).description("Tool calls and new sessions refused by a token's limits")
        .tag(Meters.CLIENT, clientLabel(client)).tag(Meters.LIMIT, refusal.limit()).register(registry).increment();
  }

  @Override
  public void requestEnded(String method, String route, int status, long nanos) {
    // Routes are templates and methods few (see RequestTimer), so this holds a bounded set.
    requests.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder(Meters.HTTP_REQUESTS)
        .description("HTTP requests answered, by route template and status").tag(Meters.METHOD, method)
        .tag(Meters.ROUTE, route).tag(Meters.STATUS, Integer.toString(status)).register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  private Counter executions(Language language, ExecutionStatus status) {
    return Counter.builder(Meters.EXECUTIONS).description("Code executions by language and how they ended")
        .tag(Meters.LANGUAGE, label(language)).tag(Meters.OUTCOME, status.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  private static String label(Language language) {
    return language.name().toLowerCase(Locale.ROOT);
  }

  /** Names come from the tokens file, so they are few; a session no face has charged is the local user's. */
  private static String clientLabel(String client) {
    return client == null ? "local" : client;
  }

  private static long outputBytes(ExecutionResult result) {
    long bytes = 0;
    for (Output output : result.outputs()) {
      if (output instanceof Output.StreamOutput s) {
        bytes += utf8Length(s.text());
      } else if (output instanceof Output.RichOutput r) {
        for (String value : r.data().values()) {
          bytes += utf8Length(value);
        }
      } else if (output instanceof Output.ErrorOutput e) {
        bytes += utf8Length(e.evalue());
        for (String line : e.traceback()) {
          bytes += utf8Length(line);
        }
      }
    }
    return bytes;
  }

  private static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 in all
    }
    return n;
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos((long) (values[i] * 1e9));
    }
    return out;
  }
}
