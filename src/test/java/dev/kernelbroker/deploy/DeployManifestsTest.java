package dev.kernelbroker.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes as kubectl reads it, with no cluster: {@code kubectl apply --dry-run=client}. */
class DeployManifestsTest {
  static final Path DIR = Path.of(System.getProperty("kernelbroker.projectDir", "."), "deploy", "kubernetes");

  @Test
  void kubectlAcceptsEveryManifest() throws Exception {
    try (DiscoveryOnlyApiServer api = new DiscoveryOnlyApiServer()) {
      Process kubectl;
      try {
        kubectl = new ProcessBuilder("kubectl", "apply", "--dry-run=client", "--validate=false", "-o", "name",
            "--server=" + api.url(), "--request-timeout=20s", "-f", DIR.toString())
            .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
      } catch (java.io.IOException e) {
        throw new AssertionError("kubectl is needed to check deploy/kubernetes (.ci/provision installs it)", e);
      }
      if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
        kubectl.destroyForcibly();
        throw new AssertionError("kubectl did not finish within 60 s");
      }
      String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, kubectl.exitValue(), out);
      for (String object : new String[] {"namespace/kernel-broker", "serviceaccount/kernel-broker",
          "role.rbac.authorization.k8s.io/kernel-broker", "rolebinding.rbac.authorization.k8s.io/kernel-broker",
          "deployment.apps/kernel-broker", "service/kernel-broker", "networkpolicy.networking.k8s.io/kernel-broker"}) {
        assertTrue(out.contains(object), object + " missing from: " + out);
      }
    }
  }

  /** kubectl was told not to validate fields (that needs the server's schemas): fabric8's typed model does. */
  @Test
  void everyFieldIsOneKubernetesKnowsAndTheBrokerIsHardened() throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata object : client.load(in).items()) {
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind(), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
            assertEquals(List.of(), unknown, file.getFileName() + ": fields Kubernetes does not know");
            objects.add(object);
          }
        }
      }
    }
    Deployment broker = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    PodSpec pod = broker.getSpec().getTemplate().getSpec();
    assertEquals("kernel-broker", pod.getServiceAccountName());
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("Recreate", broker.getSpec().getStrategy().getType(), "the old broker leaves before the new adopts");
    var container = pod.getContainers().get(0).getSecurityContext();
    assertEquals(Boolean.TRUE, container.getReadOnlyRootFilesystem());
    assertEquals(Boolean.FALSE, container.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
    Role role = objects.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
    assertEquals("kernel-broker", role.getMetadata().getNamespace(), "a Role in its namespace, no ClusterRole");
    assertEquals(List.of("pods", "pods/log", "networkpolicies"),
        role.getRules().stream().flatMap(r -> r.getResources().stream()).toList());
  }

  /** Fields the YAML has and the model does not (a typo, a wrong level) land in additionalProperties. */
  private static void unknownFields(Object value, String where, List<String> unknown, java.util.Set<Object> seen)
      throws ReflectiveOperationException {
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
        || !seen.add(value)) {
      if (value instanceof Iterable<?> items) {
        int i = 0;
        for (Object item : items) {
          unknownFields(item, where + "[" + i++ + "]", unknown, seen);
        }
      }
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object field = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(where + ": " + extra.keySet());
        }
      } else {
        unknownFields(field, where + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }
}
