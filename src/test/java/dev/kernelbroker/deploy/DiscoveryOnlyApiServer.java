package dev.kernelbroker.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Just enough of an API server for {@code kubectl apply --dry-run=client}, which maps kinds to resources through
 * discovery before it prints anything: the discovery documents of the kinds deploy/kubernetes uses, and 404 for
 * every object (none exists yet, so each one would be created). Nothing is stored.
 */
final class DiscoveryOnlyApiServer implements AutoCloseable {
  private static final String VERBS = "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
  /** group/version -> resource (plural) -> kind and whether it is namespaced. */
  private static final Map<String, List<String[]>> RESOURCES = Map.of(
      "v1", List.of(new String[] {"namespaces", "Namespace", "false"},
          new String[] {"serviceaccounts", "ServiceAccount", "true"}, new String[] {"services", "Service", "true"},
          new String[] {"pods", "Pod", "true"}, new String[] {"secrets", "Secret", "true"}),
      "apps/v1", List.<String[]>of(new String[] {"deployments", "Deployment", "true"}),
      "rbac.authorization.k8s.io/v1", List.of(new String[] {"roles", "Role", "true"},
          new String[] {"rolebindings", "RoleBinding", "true"}),
      "networking.k8s.io/v1", List.<String[]>of(new String[] {"networkpolicies", "NetworkPolicy", "true"}));

  private final HttpServer server;

  DiscoveryOnlyApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
    String body;
    if (path.equals("/version")) {
      body = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}";
    } else if (path.equals("/api")) {
      body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
    } else if (path.equals("/apis")) {
      body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + RESOURCES.keySet().stream()
          .filter(gv -> gv.contains("/")).map(DiscoveryOnlyApiServer::group).collect(Collectors.joining(",")) + "]}";
    } else if (RESOURCES.containsKey(groupVersion(path))) {
      String gv = groupVersion(path);
      body = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + gv + "\",\"resources\":["
          + RESOURCES.get(gv).stream().map(r -> "{\"name\":\"" + r[0] + "\",\"singularName\":\"\",\"namespaced\":"
              + r[2] + ",\"kind\":\"" + r[1] + "\",\"verbs\":" + VERBS + "}").collect(Collectors.joining(","))
          + "]}";
    } else {
      send(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
          + "\"code\":404,\"message\":\"not found\"}");
      return;
    }
    send(exchange, 200, body);
  }

  /** {@code /api/v1} -> v1, {@code /apis/apps/v1} -> apps/v1; anything longer is an object path. */
  private static String groupVersion(String path) {
    if (path.equals("/api/v1")) {
      return "v1";
    }
    String[] parts = path.split("/");
    return parts.length == 4 && parts[1].equals("apis") ? parts[2] + "/" + parts[3] : "";
  }

  private static String group(String groupVersion) {
    String name = groupVersion.substring(0, groupVersion.indexOf('/'));
    String version = "{\"groupVersion\":\"" + groupVersion + "\",\"version\":\"v1\"}";
    return "{\"name\":\"" + name + "\",\"versions\":[" + version + "],\"preferredVersion\":" + version + "}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
