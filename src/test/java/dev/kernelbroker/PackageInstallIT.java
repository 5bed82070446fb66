package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.PackageIndex;
import dev.kernelbroker.testsupport.TestBroker;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Missing packages installed from a package index this test serves itself (never the internet), through a broker
 * whose bridge sandboxes reach the host; and the same imports where installs are off or the network is none.
 */
@ExtendWith(DockerAvailable.class)
class PackageInstallIT {
  private static PackageIndex index;
  private static TestBroker broker;
  private static NodeMcpClient client;

  @BeforeAll
  static void start() throws Exception {
    index = new PackageIndex(hostAddressForContainers())
        .withWheel("kb-probe-pkg", "1.2.3", "kb_probe_pkg", "42")
        .withWheel("kb-explicit-pkg", "0.4.0", "kb_explicit_pkg", "'explicit'")
        .withWheel("kb-job-pkg", "7.0", "kb_job_pkg", "7");
    broker = new TestBroker(Map.of("BROKER_SANDBOX_NETWORK", "bridge", "BROKER_POOL_SIZE", "0",
        "BROKER_PIP_INDEX_URL", index.url()));
    client = NodeMcpClient.streamableHttp(broker.url("/mcp"), null).endingSessionOnClose();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (index != null) {
      index.close();
    }
  }

  /** The host's address on Docker's default bridge: the broker's own bridge network routes to it as well. */
  static InetAddress hostAddressForContainers() throws Exception {
    NetworkInterface docker0 = NetworkInterface.getByName("docker0");
    if (docker0 != null) {
      for (InetAddress address : java.util.Collections.list(docker0.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return address;
        }
      }
    }
    throw new IllegalStateException("no docker0 interface with an IPv4 address: the test's package index needs an"
        + " address that sandboxes on a bridge network reach");
  }

  static CallOutcome python(NodeMcpClient on, String code) throws Exception {
    return on.callTool("execute_python_code", McpJson.object().put("command", code));
  }

  @Test
  void anImportOfAPackageOnlyTheIndexHoldsIsInstalledOnTheFirstCall() throws Exception {
    CallOutcome first = python(client, "import kb_probe_pkg\nprint('value', kb_probe_pkg.VALUE)");
    assertFalse(first.isError(), first.text());
    assertTrue(first.text().contains("[kernel-broker] installed: kb-probe-pkg==1.2.3"), first.text());
    assertTrue(first.text().contains("value 42"), first.text());
    assertTrue(index.requests().contains("/simple/kb-probe-pkg/"), index.requests()::toString);
    CallOutcome again = python(client, "import kb_probe_pkg\nkb_probe_pkg.VALUE + 1");
    assertFalse(again.isError(), again.text());
    assertFalse(again.text().contains("installed"), "nothing to install the second time: " + again.text());
    assertTrue(again.text().contains("]: 43"), again.text());
    CallOutcome history = python(client, "print(sum(cell.startswith('__import__') for cell in In))");
    assertEquals("0\n", history.text(), "the broker's own cells stay out of the kernel's history");
  }

  @Test
  void aPackageTheIndexDoesNotHoldIsAClearErrorAndNoneOfTheCodeRuns() throws Exception {
    CallOutcome missing = python(client, "print('side effect')\nimport kb_not_on_the_index");
    assertTrue(missing.isError(), missing.text());
    assertTrue(missing.text().contains("could not install kb_not_on_the_index"), missing.text());
    assertTrue(missing.text().contains("no distribution named kb_not_on_the_index"), missing.text());
    assertTrue(missing.text().contains("none of the code ran"), missing.text());
    assertFalse(missing.text().contains("side effect"), missing.text());
  }

  @Test
  void installPackagesInstallsExplicitlyAndExplainsTheOtherLanguages() throws Exception {
    CallOutcome installed = client.callTool("install_packages", McpJson.object()
        .set("packages", McpJson.object().arrayNode().add("kb-explicit-pkg==0.4.0")));
    assertFalse(installed.isError(), installed.text());
    assertTrue(installed.text().contains("[kernel-broker] installed: kb-explicit-pkg==0.4.0"), installed.text());
    CallOutcome used = python(client, "from kb_explicit_pkg import VALUE\nprint(VALUE)");
    assertEquals("explicit\n", used.text());
    CallOutcome bash = client.callTool("install_packages", McpJson.object().put("language", "bash")
        .set("packages", McpJson.object().arrayNode().add("jq")));
    assertTrue(bash.isError(), bash.text());
    assertTrue(bash.text().contains("read-only"), bash.text());
    CallOutcome bad = client.callTool("install_packages", McpJson.object()
        .set("packages", McpJson.object().arrayNode().add("not a requirement; rm -rf /")));
    assertTrue(bad.isError(), bad.text());
    assertTrue(bad.text().contains("not a requirement"), bad.text());
  }

  @Test
  void aJobGetsItsImportsInstalledToo() throws Exception {
    CallOutcome submitted = client.callTool("submit_job", McpJson.object().put("language", "python")
        .put("code", "import kb_job_pkg\nprint('job value', kb_job_pkg.VALUE)"));
    assertFalse(submitted.isError(), submitted.text());
    String jobId = McpJson.MAPPER.readTree(submitted.text()).path("job_id").asText();
    long deadline = System.nanoTime() + 60_000_000_000L;
    String status;
    do {
      Thread.sleep(300);
      status = McpJson.MAPPER.readTree(client.callTool("check_job_status", McpJson.object().put("job_id", jobId))
          .text()).path("status").asText();
    } while (!status.equals("completed") && !status.equals("failed") && System.nanoTime() < deadline);
    String logs = client.callTool("get_job_logs", McpJson.object().put("job_id", jobId)).text();
    assertEquals("completed", status, logs);
    assertTrue(logs.contains("job value 7"), logs);
    assertTrue(logs.contains("installed: kb-job-pkg==7.0"), "the job's log shows the install as it happens: " + logs);
  }

  @Test
  void withInstallsOffOrWithoutANetworkTheImportFailsPlainly() throws Exception {
    try (TestBroker off = new TestBroker(Map.of("BROKER_SANDBOX_NETWORK", "none", "BROKER_POOL_SIZE", "0",
        "BROKER_PIP_INDEX_URL", "off"));
        NodeMcpClient offClient = NodeMcpClient.streamableHttp(off.url("/mcp"), null).endingSessionOnClose()) {
      CallOutcome plain = python(offClient, "import kb_probe_pkg");
      assertTrue(plain.isError(), plain.text());
      assertTrue(plain.text().contains("ModuleNotFoundError: No module named 'kb_probe_pkg'"), plain.text());
      assertFalse(plain.text().contains("[kernel-broker]"), plain.text());
      CallOutcome refused = offClient.callTool("install_packages", McpJson.object()
          .set("packages", McpJson.object().arrayNode().add("kb-probe-pkg")));
      assertTrue(refused.isError(), refused.text());
      assertTrue(refused.text().contains("turned off (BROKER_PIP_INDEX_URL=off)"), refused.text());
    }
    try (TestBroker none = new TestBroker(Map.of("BROKER_SANDBOX_NETWORK", "none", "BROKER_POOL_SIZE", "0",
        "BROKER_PIP_INDEX_URL", index.url()));
        NodeMcpClient noneClient = NodeMcpClient.streamableHttp(none.url("/mcp"), null).endingSessionOnClose()) {
      CallOutcome told = python(noneClient, "import kb_probe_pkg");
      assertTrue(told.isError(), told.text());
      assertTrue(told.text().contains("[kernel-broker] not installed: kb_probe_pkg (for import kb_probe_pkg)"),
          told.text());
      assertTrue(told.text().contains("the sandbox has no network (BROKER_SANDBOX_NETWORK=none)"), told.text());
      assertTrue(told.text().contains("ModuleNotFoundError: No module named 'kb_probe_pkg'"), told.text());
    }
  }

  @Test
  void javaScriptRunsOverTheRestApiWithItsEnvironment() throws Exception {
    String body = "{\"chat_id\":\"js-rest\",\"language\":\"javascript\",\"env\":{\"GREETING\":\"hi\"},"
        + "\"source_code\":\"process.env.GREETING + ' from node ' + process.versions.node.split('.')[0]\"}";
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(broker.url("/v1/execute")))
            .header("Content-Type", "application/json").timeout(java.time.Duration.ofSeconds(90))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("'hi from node 20'", McpJson.MAPPER.readTree(answer.body()).path("result").asText(), answer.body());
  }

  @Test
  void javaScriptRunsThroughMcpWithItsStateAndShowsInTheStatus() throws Exception {
    CallOutcome set = client.callTool("execute_javascript_code", McpJson.object()
        .put("command", "let total = 40\nconst add = (a, b) => a + b"));
    assertFalse(set.isError(), set.text());
    CallOutcome used = client.callTool("execute_javascript_code", McpJson.object()
        .put("command", "console.log('sum'); console.error('warn'); add(total, 2)"));
    assertFalse(used.isError(), used.text());
    assertTrue(used.text().contains("sum\n"), used.text());
    assertTrue(used.text().contains("[stderr]\nwarn"), used.text());
    assertTrue(used.text().contains(": 42"), used.text());
    CallOutcome thrown = client.callTool("execute_javascript_code", McpJson.object()
        .put("command", "function fails() { throw new Error('from js') }\nfails()"));
    assertTrue(thrown.isError(), thrown.text());
    assertTrue(thrown.text().contains("Error: from js") && thrown.text().contains("at fails"), thrown.text());
    String status = client.callTool("get_kernel_status", McpJson.object()).text();
    assertTrue(status.toLowerCase(java.util.Locale.ROOT).contains("javascript"), status);
  }
}
