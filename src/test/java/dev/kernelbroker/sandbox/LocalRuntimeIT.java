package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import dev.kernelbroker.testsupport.Await;
import dev.kernelbroker.testsupport.TestBroker;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BROKER_RUNTIME=local: Jupyter Server from this machine's PATH, with the broker's own Bash kernel. */
class LocalRuntimeIT {

  private static boolean jupyterServerOnPath() {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "jupyter-server")));
  }

  private static ExecutionResult run(KernelSession session, Language language, String code) {
    return Await.result(session.execute(language, new ExecuteRequest(code, Duration.ofSeconds(60)), c -> { }));
  }

  @Test
  void runsPythonBashAndJavaScriptWithoutDocker() throws Exception {
    if (System.getenv("CI") == null) {
      assumeTrue(jupyterServerOnPath(), "skipped: jupyter-server is not on PATH (.ci/provision installs it)");
    }
    try (TestBroker broker = new TestBroker(Map.of("BROKER_RUNTIME", "local"))) {
      KernelSession session = broker.broker().sessions().obtain("local");
      ExecutionResult python = run(session, Language.PYTHON, "n = 6 * 7\nprint(n)");
      assertEquals(ExecutionStatus.OK, python.status(), python.summary());
      assertEquals("42\n", python.text());
      ExecutionResult bash = run(session, Language.BASH, "cd /tmp && export K=v && echo \"$PWD $K\"; false");
      assertEquals(ExecutionStatus.ERROR, bash.status(), bash.summary());
      assertTrue(bash.text().startsWith("/tmp v"), bash.text());
      assertTrue(run(session, Language.PYTHON, "print(n)").text().contains("42"));
      // The tests need node on PATH anyway (the MCP client), and so does the local JavaScript kernel.
      ExecutionResult javascript = run(session, Language.JAVASCRIPT, "let m = 6 * 7\nconsole.log(m)");
      assertEquals(ExecutionStatus.OK, javascript.status(), javascript.summary());
      assertEquals("42\n", javascript.text());
    }
  }
}
