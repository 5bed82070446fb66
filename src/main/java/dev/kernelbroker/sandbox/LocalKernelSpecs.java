package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the local runtime: installs the broker's Bash and JavaScript kernels (shipped in the jar) into a private
 * JUPYTER_PATH, so a local Jupyter offers the same {@code bash} and {@code javascript} kernels as the sandbox (the
 * JavaScript one needs {@code node} on PATH).
 */
final class LocalKernelSpecs {
  private static final String MODULE = "kb_bash_kernel";
  private static final String JS_MODULE = "kb_js_kernel";

  static final String SERVER_MODULE = "kb_jupyter";

  private LocalKernelSpecs() {}

  /** Where the Python modules go; Jupyter Server and the Bash kernel find them on PYTHONPATH. */
  static Path modules(Path stateDir) {
    return stateDir.resolve("python");
  }

  private static void extract(BuildContext context, String prefix, Path target) throws IOException {
    for (var file : context.filesUnder(prefix).entrySet()) {
      Path path = target.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
  }

  /**
   * The Python that runs Jupyter Server (its launcher's {@code #!} line), so the Bash kernel finds ipykernel and
   * pexpect even when another {@code python3} comes first on PATH.
   */
  static String serverPython(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path launcher = Path.of(dir, command);
      if (Files.isRegularFile(launcher)) {
        try (var lines = Files.lines(launcher)) {
          String first = lines.findFirst().orElse("");
          if (first.startsWith("#!/") && !first.contains("/env ")) {
            return first.substring(2).strip().split("\\s+")[0];
          }
        } catch (IOException | java.io.UncheckedIOException notText) {
          // a binary launcher: fall through to python3
        }
        break;
      }
    }
    return "python3";
  }

  static void install(Path stateDir, String python) {
    try {
      Path modules = modules(stateDir);
      Path module = modules.resolve(MODULE);
      Files.createDirectories(module);
      BuildContext context = BuildContext.fromClasspath();
      extract(context, "container/bash_kernel/" + MODULE + "/", module);
      extract(context, "container/jupyter/" + SERVER_MODULE + "/", modules.resolve(SERVER_MODULE));
      extract(context, "container/js_kernel/" + JS_MODULE + "/", modules.resolve(JS_MODULE));
      spec(stateDir, "bash", "Bash", MODULE, python, modules);
      spec(stateDir, "javascript", "JavaScript (Node.js)", JS_MODULE, python, modules);
    } catch (IOException e) {
      throw new SandboxException("cannot install the Bash and JavaScript kernelspecs under " + stateDir + ": "
          + e.getMessage(), e);
    }
  }

  private static void spec(Path stateDir, String name, String display, String module, String python, Path modules)
      throws IOException {
    Path spec = stateDir.resolve("kernels").resolve(name);
    Files.createDirectories(spec);
    Files.writeString(spec.resolve("kernel.json"), """
        {"argv": ["%s", "-m", "%s", "-f", "{connection_file}"],
         "display_name": "%s", "language": "%s", "interrupt_mode": "signal",
         "env": {"PYTHONPATH": "%s"}}
        """.formatted(python.replace("\\", "\\\\"), module, display, name,
        modules.toString().replace("\\", "\\\\")), StandardCharsets.UTF_8);
  }
}
