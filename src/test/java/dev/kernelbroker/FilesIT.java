package dev.kernelbroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.NodeMcpClient;
import dev.kernelbroker.mcp.NodeMcpClient.CallOutcome;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.testsupport.DockerAvailable;
import dev.kernelbroker.testsupport.Notebooks;
import dev.kernelbroker.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Files in and out through the official TypeScript client: upload, resource links, resources/read, caps, path
 * escapes, the output spill and the notebook export. One broker and one MCP session for the whole class.
 */
@ExtendWith(DockerAvailable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesIT {
  private static TestBroker broker;
  private static NodeMcpClient client;

  @BeforeAll
  static void start() throws Exception {
    broker = new TestBroker(Map.of("BROKER_MAX_FILE_BYTES", "1m", "BROKER_MAX_OUTPUT_CHARS", "2000"));
    client = NodeMcpClient.streamableHttp(broker.url("/mcp"), null);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static CallOutcome call(String tool, ObjectNode args) throws Exception {
    return client.callTool(tool, args);
  }

  private static CallOutcome python(String code) throws Exception {
    return call("execute_python_code", McpJson.object().put("command", code));
  }

  private static CallOutcome bash(String code) throws Exception {
    return call("execute_bash_code", McpJson.object().put("command", code));
  }

  private static List<JsonNode> items(CallOutcome outcome, String type) {
    return StreamSupport.stream(outcome.result().path("content").spliterator(), false)
        .filter(c -> type.equals(c.path("type").asText())).toList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @Order(1)
  void anUploadedCsvIsReadByPandasAndTheChartComesBackAsALinkWithItsBytes() throws Exception {
    assertTrue(client.connectedInfo().path("capabilities").path("resources").path("listChanged").asBoolean());
    CallOutcome upload = call("upload_file", McpJson.object().put("path", "data/in.csv")
        .put("content", "x,y\n1,2\n3,4\n5,6\n"));
    assertFalse(upload.isError(), upload.text());
    assertEquals("file:///workspace/data/in.csv", items(upload, "resource_link").get(0).path("uri").asText());
    CallOutcome owner = bash("[ \"$(stat -c %u:%g /workspace/data /workspace/data/in.csv | sort -u)\""
        + " = \"$(id -u):$(id -g)\" ] && echo same-owner; rm /workspace/data/in.csv && echo removable");
    assertEquals("same-owner\nremovable", owner.text().strip(), "the sandbox's user owns what the broker wrote");
    call("upload_file", McpJson.object().put("path", "/workspace/data/in.csv").put("encoding", "base64")
        .put("content", Base64.getEncoder().encodeToString("x,y\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8))));

    CallOutcome chart = python("import pandas as pd, matplotlib.pyplot as plt, hashlib, os\n"
        + "df = pd.read_csv('/workspace/data/in.csv')\nprint('sum', df.y.sum())\n"
        + "os.makedirs('/workspace/out', exist_ok=True)\nplt.plot(df.x, df.y)\n"
        + "plt.savefig('/workspace/out/chart.png')\n"
        + "plt.show()\nprint(hashlib.sha256(open('/workspace/out/chart.png', 'rb').read()).hexdigest())");
    assertFalse(chart.isError(), chart.text());
    assertTrue(chart.text().contains("sum 12"), chart.text());
    Matcher hash = Pattern.compile("\\b[0-9a-f]{64}\\b").matcher(chart.text());
    assertTrue(hash.find(), chart.text());
    JsonNode link = items(chart, "resource_link").stream()
        .filter(l -> l.path("uri").asText().equals("file:///workspace/out/chart.png")).findFirst()
        .orElseThrow(() -> new AssertionError("no link to the chart: " + chart.result()));
    assertEquals("image/png", link.path("mimeType").asText());
    assertTrue(link.path("size").asLong() > 1000, link.toString());
    assertEquals(1, items(chart, "image").size(), "the plot still comes back as an image too");

    JsonNode read = client.readResource(link.path("uri").asText());
    assertTrue(read.path("ok").asBoolean(), read.toString());
    JsonNode contents = read.path("result").path("contents").get(0);
    byte[] png = Base64.getDecoder().decode(contents.path("blob").asText());
    assertEquals(hash.group(), sha256(png), "resources/read returns the file's bytes");
    assertEquals(link.path("size").asLong(), png.length);

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!client.notificationMethods().contains("notifications/resources/list_changed") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(client.notificationMethods().contains("notifications/resources/list_changed"),
        client.notificationMethods()::toString);
  }

  @Test
  @Order(9)
  void aFileUploadedBetweenCallsIsNotLinkedToTheNextCallButWhatThatCallWritesIs() throws Exception {
    CallOutcome first = python("open('/workspace/first.txt', 'w').write('1')");
    assertFalse(first.isError(), first.text());
    CallOutcome upload = call("upload_file", McpJson.object().put("path", "between.txt").put("content", "up"));
    assertFalse(upload.isError(), upload.text());
    CallOutcome next = python("open('/workspace/second.txt', 'w').write('2')");
    List<String> linked = items(next, "resource_link").stream().map(l -> l.path("uri").asText()).toList();
    assertEquals(List.of("file:///workspace/second.txt"), linked,
        "neither the previous call's file nor the upload is this call's work");
    CallOutcome quiet = python("x = 1");
    assertEquals(List.of(), items(quiet, "resource_link"), "a call that writes nothing links nothing");
  }

  @Test
  @Order(8)
  void aCallQueuedBehindAJobLinksItsOwnFilesNotTheJobs() throws Exception {
    CallOutcome submitted = call("submit_job", McpJson.object().put("language", "python")
        // No import statement: the job's code goes straight into the queue, with no package check before it.
        .put("code", "__import__('time').sleep(3)\nopen('/workspace/from_job.txt', 'w').write('job')\n"));
    assertFalse(submitted.isError(), submitted.text());
    // Sent while the job runs: it waits its turn, and the job writes its file meanwhile.
    CallOutcome queued = python("open('/workspace/from_call.txt', 'w').write('call')");
    List<String> linked = items(queued, "resource_link").stream().map(l -> l.path("uri").asText()).toList();
    assertTrue(linked.contains("file:///workspace/from_call.txt"), linked.toString());
    assertFalse(linked.contains("file:///workspace/from_job.txt"), "the job's file is not this call's: " + linked);
  }

  @Test
  @Order(2)
  void resourcesArePagedAndTemplatedAndAnUnknownOneIsNotFound() throws Exception {
    assertFalse(bash("mkdir -p /workspace/many && for i in $(seq 1 150); do echo $i > /workspace/many/f$i.txt; done")
        .isError());
    List<String> uris = new ArrayList<>();
    JsonNode page = client.listResources(null);
    page.path("resources").forEach(r -> uris.add(r.path("uri").asText()));
    assertEquals(100, uris.size());
    String cursor = page.path("nextCursor").asText(null);
    assertNotNull(cursor, page.toString());
    JsonNode second = client.listResources(cursor);
    second.path("resources").forEach(r -> uris.add(r.path("uri").asText()));
    assertTrue(second.path("nextCursor").isMissingNode(), second.toString());
    assertTrue(uris.contains("file:///workspace/many/f150.txt"), uris.toString());
    assertTrue(uris.contains("file:///workspace/data/in.csv"), uris.toString());
    assertEquals(uris.size(), uris.stream().distinct().count());

    JsonNode text = client.readResource("file:///workspace/many/f7.txt").path("result").path("contents").get(0);
    assertEquals("7\n", text.path("text").asText(), text.toString());
    assertEquals("file:///workspace/{+path}",
        client.listResourceTemplates().path("resourceTemplates").get(0).path("uriTemplate").asText());
    JsonNode missing = client.readResource("file:///workspace/no/such.txt");
    assertFalse(missing.path("ok").asBoolean());
    assertEquals(-32002, missing.path("error").path("code").asInt(), missing.toString());
  }

  @Test
  @Order(3)
  void aDownloadOverTheCapIsAClearErrorAndOneUnderItIsEmbedded() throws Exception {
    assertFalse(bash("head -c 2000000 /dev/urandom > /workspace/big.bin").isError());
    CallOutcome big = call("download_file", McpJson.object().put("path", "/workspace/big.bin"));
    assertTrue(big.isError(), big.text());
    assertTrue(big.text().contains("2000000 bytes, over the limit of 1048576 bytes"), big.text());
    assertTrue(big.text().contains("was not sent"), big.text());

    CallOutcome small = call("download_file", McpJson.object().put("path", "data/in.csv"));
    assertFalse(small.isError(), small.text());
    JsonNode resource = items(small, "resource").get(0).path("resource");
    assertEquals("x,y\n1,2\n3,4\n5,6\n", resource.path("text").asText());
    assertEquals("text/csv", resource.path("mimeType").asText());

    CallOutcome listing = call("list_files", McpJson.object().put("path", "data"));
    assertTrue(listing.text().contains("/workspace/data/in.csv"), listing.text());
    assertTrue(listing.text().contains("16  "), "the size is listed: " + listing.text());
  }

  @Test
  @Order(4)
  void pathEscapesAreRefused() throws Exception {
    CallOutcome dots = call("upload_file", McpJson.object().put("path", "../../etc/passwd").put("content", "x"));
    assertTrue(dots.isError() && dots.text().contains("outside /workspace"), dots.text());
    CallOutcome etc = call("download_file", McpJson.object().put("path", "/etc/passwd"));
    assertTrue(etc.isError() && etc.text().contains("outside /workspace"), etc.text());

    assertFalse(bash("ln -sfn /etc /workspace/etc_link && ln -sfn ../../../../etc/passwd /workspace/up").isError());
    for (String path : List.of("etc_link/passwd", "up")) {
      CallOutcome link = call("download_file", McpJson.object().put("path", path));
      assertTrue(link.isError() && link.text().contains("symbolic link"), path + ": " + link.text());
    }
    CallOutcome write = call("upload_file", McpJson.object().put("path", "etc_link/evil").put("content", "x"));
    assertTrue(write.isError() && write.text().contains("outside /workspace"), write.text());
    CallOutcome list = call("list_files", McpJson.object().put("path", "etc_link"));
    assertTrue(list.isError(), list.text());
    assertEquals(-32002, client.readResource("file:///workspace/etc_link/passwd").path("error").path("code").asInt());
  }

  @Test
  @Order(5)
  void aFiveMegabytePrintIsSpilledToAFileThatHoldsAllOfIt() throws Exception {
    CallOutcome printed = python("for i in range(50_000):\n    print(f'{i:08d}', 'x' * 90)");
    assertFalse(printed.isError(), printed.text());
    assertTrue(printed.text().contains("characters were dropped"), "the result is still capped");
    Matcher where = Pattern.compile("The whole output \\((\\d+) characters\\) is in (/workspace/\\S+\\.txt)")
        .matcher(printed.text());
    assertTrue(where.find(), printed.text().substring(printed.text().length() - 600));
    assertEquals(5_000_000, Long.parseLong(where.group(1)));
    String file = where.group(2);
    assertTrue(items(printed, "resource_link").stream().anyMatch(l -> l.path("uri").asText().endsWith(file)),
        printed.result().toString().substring(0, 200));
    CallOutcome check = bash("wc -c < " + file + "; sed -n '1p;25000p;50000p' " + file + " | cut -c1-8");
    assertEquals("5000000\n00000000\n00024999\n00049999", check.text().strip(), check.text());
  }

  @Test
  @Order(6)
  void theExportedNotebookValidatesAndHasTheCellsInOrder() throws Exception {
    CallOutcome export = call("export_notebook", McpJson.object());
    assertFalse(export.isError(), export.text());
    JsonNode notebook = McpJson.MAPPER.readTree(
        items(export, "resource").get(0).path("resource").path("text").asText());
    List<String> languages = Notebooks.validate(notebook.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("bash", "python", "bash", "bash", "bash", "python", "bash"), languages);
    JsonNode cells = notebook.path("cells");
    assertTrue(cells.get(1).path("source").asText().contains("pd.read_csv"), cells.get(1).toString());
    assertTrue(cells.get(2).path("source").asText().startsWith("%%bash\nmkdir -p /workspace/many"));
    assertTrue(cells.get(1).toString().contains("image/png"), "the plot is in the notebook");
    assertTrue(bash("python3 -c \"import json; print(len(json.load(open('/workspace/kernel-broker-session.ipynb'))"
        + "['cells']))\"").text().contains("7"), "it was written to the workspace too");
  }

  @Test
  @Order(7)
  void onlyTheLatestSpillFilesAreKept() throws Exception {
    for (int i = 0; i < 11; i++) {
      CallOutcome spilled = python("print('" + (i % 10) + "' * 3000)");
      assertTrue(spilled.text().contains("The whole output (3001 characters)"), spilled.text());
    }
    CallOutcome left = bash("ls /workspace/.kernel-broker/outputs | wc -l;"
        + " tail -c 5 \"$(ls -d /workspace/.kernel-broker/outputs/* | tail -1)\"");
    assertEquals("10\n0000", left.text().strip(), "the ten latest are kept, the last one is the newest");
  }
}
