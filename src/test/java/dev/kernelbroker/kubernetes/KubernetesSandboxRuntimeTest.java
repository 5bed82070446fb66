package dev.kernelbroker.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.config.BrokerConfig;
import dev.kernelbroker.jupyter.KernelSettings;
import dev.kernelbroker.pool.PooledSandbox;
import dev.kernelbroker.pool.SandboxPool;
import dev.kernelbroker.pool.SessionDigest;
import dev.kernelbroker.sandbox.AdoptableSandbox;
import dev.kernelbroker.sandbox.ReadinessProbe;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.testsupport.Await;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes runtime against fabric8's mock API server in CRUD mode. The mock runs no Pods: {@link FakeKubelet}
 * starts a real Jupyter Server for each and marks it Ready with a loopback "Pod IP", so everything from the API
 * calls to the kernel's WebSocket is real except the cluster itself.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxRuntimeTest {
  private static final String NAMESPACE = "sandboxes";
  static KubernetesMockServer server;
  static KubernetesClient client;
  private static Vertx vertx;
  private static int port;
  private FakeKubelet kubelet;

  @BeforeAll
  static void startVertx() throws Exception {
    vertx = Vertx.vertx();
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close(), Duration.ofSeconds(30));
  }

  @BeforeEach
  void startKubelet() throws Exception {
    kubelet = new FakeKubelet(client, NAMESPACE, port);
  }

  @AfterEach
  void stopKubelet() throws Exception {
    kubelet.close();
    client.pods().inNamespace(NAMESPACE).delete();
  }

  private static BrokerConfig config(String... extra) {
    Map<String, String> values = new HashMap<>(Map.of("BROKER_RUNTIME", "kubernetes",
        "BROKER_K8S_NAMESPACE", NAMESPACE, "BROKER_K8S_RUNTIME_CLASS", "gvisor", "BROKER_SANDBOX_MEMORY", "512m",
        "BROKER_SANDBOX_CPUS", "0.5", "BROKER_SANDBOX_START_TIMEOUT", "60s", "BROKER_SANDBOX_NETWORK", "none"));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return BrokerConfig.from(values);
  }

  private static KubernetesSandboxRuntime runtime(BrokerConfig config, String brokerPod) {
    return new KubernetesSandboxRuntime(vertx, config.sandbox(), config.kubernetes(), client,
        new ReadinessProbe(vertx, WebClient.create(vertx)), new BrokerIdentity(brokerPod, NAMESPACE), port);
  }

  @Test
  void aSandboxIsAHardenedPodThatBecomesReadyAndIsDeleted() {
    KubernetesSandboxRuntime runtime = runtime(config(), "broker-a");
    Await.result(runtime.prepare());
    NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(NAMESPACE)
        .withName(SandboxNetworkPolicy.NAME).get();
    assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
    assertTrue(policy.getSpec().getEgress().isEmpty(), "network none: no egress at all");
    assertEquals(Map.of("app.kubernetes.io/name", "kernel-broker"),
        policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());

    SandboxInstance instance = Await.result(runtime.start());
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(instance.name()).get();
    assertEquals("gvisor", pod.getSpec().getRuntimeClassName());
    assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken());
    assertEquals("broker-a", pod.getMetadata().getLabels().get(SandboxPods.OWNER_LABEL));
    Container sandbox = pod.getSpec().getContainers().get(0);
    assertEquals(1000L, sandbox.getSecurityContext().getRunAsUser());
    assertEquals(Boolean.TRUE, sandbox.getSecurityContext().getRunAsNonRoot());
    assertEquals(Boolean.FALSE, sandbox.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, sandbox.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), sandbox.getSecurityContext().getCapabilities().getDrop());
    assertEquals(Long.toString(512L << 20), sandbox.getResources().getLimits().get("memory").toString());
    assertEquals("0.5", sandbox.getResources().getLimits().get("cpu").toString());
    assertEquals("Memory", pod.getSpec().getVolumes().get(0).getEmptyDir().getMedium());
    assertNotNull(pod.getSpec().getVolumes().get(1).getEmptyDir().getSizeLimit(), "/workspace has a size limit");
    assertFalse(instance.endpoint().toString().contains(SandboxPods.token(pod).orElseThrow()));
    assertTrue(Await.result(runtime.isRunning(instance)));
    assertTrue(runtime.isSandboxAddress(instance.endpoint().host()), "calls from a sandbox Pod are refused");

    Await.result(runtime.stop(instance));
    assertNull(client.pods().inNamespace(NAMESPACE).withName(instance.name()).get());
    assertFalse(Await.result(runtime.isRunning(instance)));
  }

  @Test
  void aDeadBrokersClaimedPodIsAdoptedItsUnclaimedOneRemovedALiveBrokersLeftAlone() {
    SessionDigest digest = SessionDigest.load(java.nio.file.Path.of("unused"), Optional.of("k".repeat(32)));
    KubernetesSandboxRuntime dead = runtime(config(), "broker-gone");
    SandboxInstance claimed = Await.result(dead.start());
    dead.recordClaim(claimed, digest.of("session-1"));
    createRunning("broker-alive", Map.of("app.kubernetes.io/name", "kernel-broker"));
    createRunning("theirs", Map.of(SandboxPods.MANAGED_BY, SandboxPods.MANAGER, SandboxPods.COMPONENT,
        SandboxPods.SANDBOX, SandboxPods.OWNER_LABEL, "broker-alive", SandboxPods.OWNER_NAMESPACE_LABEL, NAMESPACE));
    createRunning("unclaimed", Map.of(SandboxPods.MANAGED_BY, SandboxPods.MANAGER, SandboxPods.COMPONENT,
        SandboxPods.SANDBOX, SandboxPods.OWNER_LABEL, "broker-gone", SandboxPods.OWNER_NAMESPACE_LABEL, NAMESPACE));

    KubernetesSandboxRuntime next = runtime(config("BROKER_ON_EXIT", "keep"), "broker-next");
    List<AdoptableSandbox> adopted = Await.result(next.prepareAdopting());
    assertEquals(1, adopted.size(), adopted.toString());
    assertEquals(claimed.name(), adopted.get(0).instance().name());
    assertEquals(digest.of("session-1"), adopted.get(0).sessionDigest());
    assertEquals(claimed.endpoint(), adopted.get(0).instance().endpoint());
    assertEquals(claimed.endpoint().token(), adopted.get(0).instance().endpoint().token());
    assertEquals("broker-next", client.pods().inNamespace(NAMESPACE).withName(claimed.name()).get()
        .getMetadata().getLabels().get(SandboxPods.OWNER_LABEL));
    assertNull(client.pods().inNamespace(NAMESPACE).withName("unclaimed").get(), "an unclaimed leftover goes");
    assertNotNull(client.pods().inNamespace(NAMESPACE).withName("theirs").get(), "a live broker's stays");
  }

  @Test
  void thePoolKeepsAReadyPodWarmRefillsAfterAClaimAndItsKernelRuns() {
    BrokerConfig config = config("BROKER_ON_EXIT", "keep");
    SessionDigest digest = SessionDigest.load(java.nio.file.Path.of("unused"), Optional.of("k".repeat(32)));
    SandboxPool pool = new SandboxPool(vertx, runtime(config, "broker-pool"),
        new dev.kernelbroker.config.PoolSettings(1, 3, Duration.ofSeconds(60)), KernelSettings.DEFAULT, "python3",
        "never", Duration.ofSeconds(5), config.restart(), digest);
    try {
      Await.result(pool.start());
      await(() -> pool.status().warm() == 1, "a warm sandbox Pod");
      PooledSandbox mine = Await.result(pool.claim("session-2"));
      await(() -> pool.status().warm() == 1 && pool.status().claimed() == 1, "the pool refilled after the claim");
      assertEquals(2, client.pods().inNamespace(NAMESPACE).withLabels(SandboxPods.SELECTOR).list().getItems().size());
      assertEquals(digest.of("session-2"), client.pods().inNamespace(NAMESPACE).withName(mine.instance().name())
          .get().getMetadata().getLabels().get(SandboxPods.SESSION_LABEL), "the claim is on the Pod");
      var kernel = mine.takeWarmKernel("python3").orElseThrow();
      var result = Await.result(kernel.client().execute("print(6 * 7)", Duration.ofSeconds(30)));
      assertTrue(result.text().contains("42"), result.text());
      Await.result(kernel.shutdown());
    } finally {
      Await.result(pool.close().otherwiseEmpty(), Duration.ofSeconds(60));
    }
  }

  private static void createRunning(String name, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(FakeKubelet.NO_JUPYTER, "true");
    client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
        .withLabels(all).endMetadata().withNewSpec().addNewContainer().withName("x").withImage("x").endContainer()
        .endSpec().build()).create();
    await(() -> KubernetesSandboxRuntime.running(client.pods().inNamespace(NAMESPACE).withName(name).get()),
        "Pod " + name + " running");
  }

  private static void await(BooleanSupplier condition, String what) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("not within 60 s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
