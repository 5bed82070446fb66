package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kernelbroker.mcp.protocol.CallToolResult;
import dev.kernelbroker.mcp.protocol.McpJson;
import dev.kernelbroker.mcp.protocol.ToolAnnotations;
import dev.kernelbroker.mcp.protocol.ToolDefinition;
import dev.kernelbroker.mcp.server.McpTool;
import dev.kernelbroker.mcp.server.ToolInvocation;
import dev.kernelbroker.packages.InstallReport;
import dev.kernelbroker.packages.PackageInstaller;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** {@code install_packages}: pip install into the caller's sandbox, explicitly; the other languages say why not. */
final class InstallPackagesTool implements McpTool {
  static final String LANGUAGE = "language";
  static final String PACKAGES = "packages";
  private static final int MAX_PACKAGES = 20;
  private static final Set<String> LANGUAGES = Set.of("python", "bash", "javascript");

  private final McpKernelSessions sessions;
  private final PackageInstaller installer;
  private final ToolDefinition definition;

  InstallPackagesTool(McpKernelSessions sessions, PackageInstaller installer) {
    this.sessions = sessions;
    this.installer = installer;
    this.definition = new ToolDefinition("install_packages", ToolDescriptions.installPackages(installer), schema(),
        new ToolAnnotations("Install packages", false, false, true, true));
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public Future<CallToolResult> call(ToolInvocation invocation) {
    ObjectNode args = invocation.arguments();
    String problem = invalid(args);
    if (problem != null) {
      return Future.succeededFuture(CallToolResult.error("Invalid arguments: " + problem + ". Nothing was installed."));
    }
    String language = args.hasNonNull(LANGUAGE) ? args.get(LANGUAGE).asText() : "python";
    if (language.equals("bash")) {
      return Future.succeededFuture(CallToolResult.error("Nothing can be installed for Bash: the sandbox's root"
          + " filesystem is read-only and its user is not root, so apt-get and other system-wide installers cannot"
          + " work. Python packages: install_packages with language python. Single programs can be downloaded into"
          + " /workspace and run from there, if the sandbox has network access."));
    }
    if (language.equals("javascript")) {
      return Future.succeededFuture(CallToolResult.error("Nothing can be installed for JavaScript: the sandbox image"
          + " has Node.js but no npm. require() finds packages placed in /workspace/node_modules (for example"
          + " unpacked from a tarball there); Node's built-in modules are always available."));
    }
    String unavailable = installer.unavailable();
    if (unavailable != null) {
      return Future.succeededFuture(CallToolResult.error("Nothing was installed: " + unavailable + "."));
    }
    List<String> requirements = new ArrayList<>();
    args.get(PACKAGES).forEach(p -> requirements.add(p.asText()));
    return installer.install(sessions.forCaller(invocation.session()), requirements,
            invocation.cancellation()::onCancel)
        .map(this::format)
        .otherwise(err -> CallToolResult.error("The install did not complete: " + err.getMessage()));
  }

  private CallToolResult format(PackageInstaller.Explicit done) {
    InstallReport report = done.report();
    StringBuilder text = new StringBuilder();
    done.lostState().forEach(notice -> text.append("[kernel-broker] ").append(notice).append('\n'));
    if (!report.installed().isEmpty()) {
      text.append("[kernel-broker] installed: ").append(report.pins()).append('\n');
    }
    for (InstallReport.Failure f : report.failed()) {
      text.append("[kernel-broker] could not install ").append(f.distribution()).append(": ").append(f.detail())
          .append(" (index: ").append(installer.settings().describeIndex()).append(")\n");
    }
    if (report.installed().isEmpty() && report.failed().isEmpty()) {
      text.append("[kernel-broker] nothing to install: every requirement is already satisfied\n");
    }
    String state = done.lostState().isEmpty() ? "the Python kernel's variables were kept"
        : "the Python kernel's earlier variables were lost before this call (see above)";
    text.append(report.failed().isEmpty()
        ? "The packages can be imported in execute_python_code now; " + state + "."
        : "Not everything was installed; " + state + ".");
    return report.failed().isEmpty() ? CallToolResult.text(text.toString()) : CallToolResult.error(text.toString());
  }

  private static String invalid(ObjectNode args) {
    for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!LANGUAGE.equals(name) && !PACKAGES.equals(name)) {
        return "unknown argument '" + name + "' (allowed: " + LANGUAGE + ", " + PACKAGES + ")";
      }
    }
    JsonNode language = args.get(LANGUAGE);
    if (language != null && !language.isNull() && !(language.isTextual() && LANGUAGES.contains(language.asText()))) {
      return "'" + LANGUAGE + "' must be one of python, bash, javascript, got " + language;
    }
    JsonNode packages = args.get(PACKAGES);
    if (packages == null || !packages.isArray() || packages.isEmpty() || packages.size() > MAX_PACKAGES) {
      return "'" + PACKAGES + "' is required: a list of 1 to " + MAX_PACKAGES + " requirement strings";
    }
    for (JsonNode p : packages) {
      if (!p.isTextual() || p.asText().isBlank()) {
        return "every entry of '" + PACKAGES + "' must be a requirement string like \"name\" or \"name==1.2\", got "
            + p;
      }
    }
    return null;
  }

  private static ObjectNode schema() {
    ObjectNode schema = McpJson.object().put("type", "object").put("additionalProperties", false);
    ObjectNode props = schema.putObject("properties");
    props.putObject(LANGUAGE).put("type", "string").put("description", "python (default), bash or javascript")
        .putArray("enum").add("python").add("bash").add("javascript");
    ObjectNode packages = props.putObject(PACKAGES).put("type", "array").put("minItems", 1)
        .put("maxItems", MAX_PACKAGES)
        .put("description", "Requirements as pip takes them: name, name==version, name[extra]>=version.");
    packages.putObject("items").put("type", "string");
    schema.putArray("required").add(PACKAGES);
    return schema;
  }
}
