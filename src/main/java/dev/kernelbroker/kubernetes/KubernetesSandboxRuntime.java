package dev.kernelbroker.kubernetes;

import dev.kernelbroker.config.KubernetesSettings;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.JupyterEndpoint;
import dev.kernelbroker.sandbox.AdoptableSandbox;
import dev.kernelbroker.sandbox.ReadinessProbe;
import dev.kernelbroker.sandbox.SandboxException;
import dev.kernelbroker.sandbox.SandboxInstance;
import dev.kernelbroker.sandbox.SandboxRuntime;
import dev.kernelbroker.sandbox.WorkspaceFolders;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code BROKER_RUNTIME=kubernetes}: each sandbox a Pod in the broker's namespace (see {@link SandboxPods}), reached
 * at its Pod IP: the broker runs in the cluster, so Jupyter's HTTP and WebSocket traffic goes straight to the Pod,
 * not through the API server (port-forward would carry every kernel message through the API server and the kubelet,
 * and need a local relay per sandbox). fabric8's client over its Vert.x 5 HTTP client; its calls block, so they run
 * on worker threads.
 */
public final class KubernetesSandboxRuntime implements SandboxRuntime {
  static final int JUPYTER_PORT = 8888;
  /** The sandbox's {@code /workspace} is an emptyDir in its Pod: no host folder to hand over or release. */
  static final Path POD_WORKSPACE = Path.of("/workspace");
  private static final Duration ADOPT_PROBE = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSandboxRuntime.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final KubernetesSettings kubernetes;
  private final KubernetesClient client;
  private final ReadinessProbe readiness;
  private final BrokerIdentity self;
  private final int jupyterPort;
  private final WorkspaceFolders workspaces;
  private final Map<String, String> podIps = new ConcurrentHashMap<>();

  KubernetesSandboxRuntime(Vertx vertx, SandboxSettings settings, KubernetesSettings kubernetes,
      KubernetesClient client, ReadinessProbe readiness, BrokerIdentity self, int jupyterPort) {
    this.vertx = vertx;
    this.settings = settings;
    this.kubernetes = kubernetes;
    this.client = client;
    this.readiness = readiness;
    this.self = self;
    this.jupyterPort = jupyterPort;
    this.workspaces = new WorkspaceFolders(settings);
  }

  /** In a cluster: the service account's credentials, and this Pod (the host name) as the sandboxes' owner. */
  public static KubernetesSandboxRuntime create(Vertx vertx, SandboxSettings settings, KubernetesSettings k8s) {
    KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .build();
    String pod = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("kernel-broker");
    String ownNamespace = Optional.ofNullable(System.getenv("POD_NAMESPACE")).orElse(k8s.namespace());
    return new KubernetesSandboxRuntime(vertx, settings, k8s, client,
        new ReadinessProbe(vertx, WebClient.create(vertx, new WebClientOptions().setKeepAlive(false))),
        new BrokerIdentity(pod, ownNamespace), JUPYTER_PORT);
  }

  @Override
  public RuntimeKind kind() {
    return RuntimeKind.KUBERNETES;
  }

  @Override
  public String description() {
    return settings.image() + " as Pods in namespace " + kubernetes.namespace()
        + kubernetes.runtimeClass().map(c -> " (RuntimeClass " + c + ")").orElse("");
  }

  @Override
  public Future<Void> checkAvailable() {
    return blocking(() -> {
      try {
        client.pods().inNamespace(kubernetes.namespace()).list(new ListOptionsBuilder().withLimit(1L).build());
      } catch (KubernetesClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        throw new SandboxException("cannot list Pods in namespace " + kubernetes.namespace() + " through the"
            + " Kubernetes API (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + root.getMessage()
            + "). BROKER_RUNTIME=kubernetes runs in a cluster, with the ServiceAccount and Role of deploy/kubernetes",
            e);
      }
      return null;
    });
  }

  @Override
  public Future<Void> prepare() {
    return prepare(false).mapEmpty();
  }

  @Override
  public Future<List<AdoptableSandbox>> prepareAdopting() {
    return prepare(true).compose(kept -> SandboxRuntime.reconnected(kept, this::reconnect));
  }

  private Future<List<PodLeftovers.Kept>> prepare(boolean adopt) {
    return blocking(() -> {
      ensureNetworkPolicy();
      return new PodLeftovers(client, kubernetes.namespace(), self).sweep(adopt, this::deletePod);
    });
  }

  /** Without it a sandbox could reach the network and its neighbours: failing to make it fails the start. */
  private void ensureNetworkPolicy() {
    var wanted = SandboxNetworkPolicy.create(kubernetes, settings.network(), jupyterPort);
    var policies = client.network().v1().networkPolicies().inNamespace(kubernetes.namespace());
    try {
      if (policies.withName(SandboxNetworkPolicy.NAME).get() == null) {
        policies.resource(wanted).create();
      } else {
        policies.withName(SandboxNetworkPolicy.NAME).edit(p -> {
          p.setSpec(wanted.getSpec());
          return p;
        });
      }
    } catch (KubernetesClientException e) {
      throw new SandboxException("cannot create or update the NetworkPolicy " + SandboxNetworkPolicy.NAME
          + " in namespace " + kubernetes.namespace() + " (" + e.getMessage() + "); without it sandboxes would"
          + " not be isolated, so none is started", e);
    }
  }

  private Future<Optional<AdoptableSandbox>> reconnect(PodLeftovers.Kept kept) {
    JupyterEndpoint endpoint = new JupyterEndpoint(kept.podIp(), jupyterPort, kept.token());
    SandboxInstance instance = instance(kept.name(), endpoint);
    return readiness.await(endpoint, ADOPT_PROBE, () -> isRunning(instance))
        .map(v -> Optional.of(new AdoptableSandbox(instance, kept.sessionDigest())))
        .recover(e -> {
          LOG.warn("Sandbox Pod {} of an earlier broker does not answer ({}); removing it", kept.name(),
              e.getMessage());
          return stop(instance).map(Optional.<AdoptableSandbox>empty()).otherwise(Optional.empty());
        });
  }

  @Override
  public Future<SandboxInstance> start() {
    String name = "kernel-broker-" + hex(6);
    String token = hex(24);
    return blocking(() -> {
      client.pods().inNamespace(kubernetes.namespace())
          .resource(SandboxPods.create(settings, kubernetes, name, token, self, jupyterPort)).create();
      return PodReadiness.await(client, kubernetes.namespace(), name, settings.startTimeout());
    }).compose(ip -> {
      SandboxInstance instance = instance(name, new JupyterEndpoint(ip, jupyterPort, token));
      return readiness.await(instance.endpoint(), settings.startTimeout(), () -> isRunning(instance))
          .map(v -> {
            LOG.info("Started sandbox Pod {} from {}; Jupyter on {}", name, settings.image(), instance.endpoint());
            return instance;
          });
    }).recover(failed -> blocking(() -> {
      deletePod(name);
      throw new SandboxException("sandbox Pod " + name + " did not become ready: " + failed.getMessage(), failed);
    }));
  }

  private SandboxInstance instance(String name, JupyterEndpoint endpoint) {
    podIps.put(name, endpoint.host());
    return new SandboxInstance(name, name, endpoint, POD_WORKSPACE, Instant.now());
  }

  @Override
  public Future<Boolean> isRunning(SandboxInstance instance) {
    return blocking(() -> running(client.pods().inNamespace(kubernetes.namespace()).withName(instance.name()).get()));
  }

  static boolean running(Pod pod) {
    return pod != null && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase());
  }

  @Override
  public Future<Void> stop(SandboxInstance instance) {
    return blocking(() -> {
      stopNow(instance);
      return null;
    });
  }

  @Override
  public Future<Void> discard(SandboxInstance instance) {
    return stop(instance); // the workspace is the Pod's own emptyDir: it goes with the Pod
  }

  @Override
  public void stopNow(SandboxInstance instance) {
    deletePod(instance.name());
  }

  private void deletePod(String name) {
    podIps.remove(name);
    try {
      client.pods().inNamespace(kubernetes.namespace()).withName(name).withGracePeriod(0L).delete();
      LOG.info("Removed sandbox Pod {}", name);
    } catch (KubernetesClientException e) {
      LOG.warn("Removing sandbox Pod {} failed: {}", name, e.getMessage());
    }
  }

  /** Labels are mutable on a Pod: the session's digest goes on it, for a later broker to find. */
  @Override
  public void recordClaim(SandboxInstance instance, String sessionDigest) {
    client.pods().inNamespace(kubernetes.namespace()).withName(instance.name()).edit(p -> new PodBuilder(p)
        .editMetadata().addToLabels(SandboxPods.SESSION_LABEL, sessionDigest).endMetadata().build());
  }

  @Override
  public Future<java.io.Closeable> watchStops(Consumer<String> onStopped) {
    return blocking(() -> client.pods().inNamespace(kubernetes.namespace())
        .withLabels(SandboxPods.SELECTOR).withLabel(SandboxPods.OWNER_LABEL, self.name())
        .watch(new Watcher<Pod>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
            if (action == Action.DELETED || "Failed".equals(phase) || "Succeeded".equals(phase)) {
              onStopped.accept(pod.getMetadata().getName());
            }
          }

          @Override
          public void onClose(WatcherException cause) {
            LOG.warn("The watch on sandbox Pods ended ({}); a stopped sandbox shows when its session calls next",
                cause.getMessage());
          }
        }));
  }

  @Override
  public boolean isSandboxAddress(String ip) {
    return podIps.containsValue(ip);
  }

  @Override
  public WorkspaceFolders workspaces() {
    return workspaces;
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
