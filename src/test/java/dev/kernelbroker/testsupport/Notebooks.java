package dev.kernelbroker.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks a notebook with Debian's python3-nbformat (installed by .ci/provision), as JupyterLab would read it. */
public final class Notebooks {
  private static final String CHECK = "import json, sys, nbformat\n"
      + "nb = nbformat.read(sys.argv[1], as_version=4)\n"
      + "nbformat.validate(nb)\n"
      + "print(','.join(c.metadata.get('kernel_broker', {}).get('language', '-') for c in nb.cells"
      + " if c.cell_type == 'code'))\n";

  private Notebooks() {}

  /** Validates it (failing the test with nbformat's message if invalid); answers each code cell's language. */
  public static List<String> validate(byte[] notebook) throws IOException, InterruptedException {
    Path file = Files.createTempFile("kb-notebook", ".ipynb");
    try {
      Files.write(file, notebook);
      String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
      Process p = new ProcessBuilder(python, "-c", CHECK, file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("nbformat refused the notebook (python3-nbformat installed? see .ci/provision): "
            + out);
      }
      return out.isEmpty() ? List.of() : Arrays.asList(out.split(","));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
