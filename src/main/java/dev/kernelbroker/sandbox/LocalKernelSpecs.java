package dev.kernelbroker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the local runtime: installs the broker's Bash kernel (shipped in the jar) into a private JUPYTER_PATH, so a
 * local Jupyter offers the same {@code bash} kernel as the sandbox.
 */
final class LocalKernelSpecs {
  private static final String MODULE = "kb_bash_kernel";

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
      Path spec = stateDir.resolve("kernels").resolve("bash");
      Files.createDirectories(spec);
      Files.writeString(spec.resolve("kernel.json"), """
          {"argv": ["%s", "-m", "%s", "-f", "{connection_file}"],
           "display_name": "Bash", "language": "bash", "interrupt_mode": "signal",
           "env": {"PYTHONPATH": "%s"}}
          """.formatted(python.replace("\\", "\\\\"), MODULE, modules.toString().replace("\\", "\\\\")),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SandboxException("cannot install the Bash kernelspec under " + stateDir + ": " + e.getMessage(), e);
    }
  }
}
