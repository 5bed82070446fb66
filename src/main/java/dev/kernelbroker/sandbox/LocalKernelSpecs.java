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

  private LocalKernelSpecs() {}

  static void install(Path stateDir) {
    try {
      Path modules = stateDir.resolve("python");
      Path module = modules.resolve(MODULE);
      Files.createDirectories(module);
      for (var file : BuildContext.fromClasspath().filesUnder("container/bash_kernel/" + MODULE + "/").entrySet()) {
        Path target = module.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      Path spec = stateDir.resolve("kernels").resolve("bash");
      Files.createDirectories(spec);
      Files.writeString(spec.resolve("kernel.json"), """
          {"argv": ["python3", "-m", "%s", "-f", "{connection_file}"],
           "display_name": "Bash", "language": "bash", "interrupt_mode": "signal",
           "env": {"PYTHONPATH": "%s"}}
          """.formatted(MODULE, modules.toString().replace("\\", "\\\\")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SandboxException("cannot install the Bash kernelspec under " + stateDir + ": " + e.getMessage(), e);
    }
  }
}
