package dev.kernelbroker.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a kubelet would do for the mock API server, which runs nothing: for each sandbox Pod created, a real Jupyter
 * Server (this host's jupyter-server) with the Pod's JUPYTER_TOKEN on a loopback address of its own (127.0.0.N, the
 * "Pod IP") and the Pod's Jupyter port; then the Pod is marked Running and Ready with that IP. Deleting the Pod
 * ends its server. A Pod labelled {@code test/no-jupyter} is only marked ready.
 */
final class FakeKubelet implements AutoCloseable {
  static final String NO_JUPYTER = "test/no-jupyter";

  private final KubernetesClient client;
  private final String namespace;
  private final int port;
  private final Path logs;
  private final AtomicInteger nextIp = new AtomicInteger(10);
  private final Map<String, Process> servers = new ConcurrentHashMap<>();
  private final Watch watch;

  FakeKubelet(KubernetesClient client, String namespace, int port) throws IOException {
    this.client = client;
    this.namespace = namespace;
    this.port = port;
    this.logs = Files.createTempDirectory("kb-kubelet");
    this.watch = client.pods().inNamespace(namespace).watch(new Watcher<Pod>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        String name = pod.getMetadata().getName();
        if (action == Action.ADDED && pod.getStatus() == null || action == Action.ADDED
            && pod.getStatus().getPhase() == null) {
          run(pod);
        } else if (action == Action.DELETED) {
          Process server = servers.remove(name);
          if (server != null) {
            server.destroyForcibly();
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
  }

  private void run(Pod pod) {
    String name = pod.getMetadata().getName();
    String ip = "127.0.0." + nextIp.getAndIncrement();
    try {
      if (!pod.getMetadata().getLabels().containsKey(NO_JUPYTER)) {
        String token = SandboxPods.token(pod).orElseThrow();
        ProcessBuilder builder = new ProcessBuilder("jupyter-server", "--ServerApp.ip=" + ip,
            "--ServerApp.port=" + port, "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True", "--ServerApp.root_dir=" + logs,
            "--MappingKernelManager.cull_idle_timeout=0")
            .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("JUPYTER_TOKEN", token);
        servers.put(name, builder.start());
      }
      client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
        p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip)
            .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).build());
        return p;
      });
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the fake kubelet could not run Pod " + name + ": " + e, e);
    }
  }

  List<String> running() {
    return List.copyOf(servers.keySet());
  }

  @Override
  public void close() throws InterruptedException {
    watch.close();
    for (Process server : servers.values()) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
