package dev.kernelbroker.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MCP client CLIs pinned in {@code src/test/clients} (Claude Code, Gemini CLI), which the build installs before
 * the ITs. A test class that needs them runs only where they are installed. Missing, they are a failure, unless npm
 * cannot reach its registry: then a developer's run skips and says why. In CI (variable CI set) never a skip.
 */
public final class ClientClis implements ExecutionCondition {
  public static final Path FOLDER = Path.of(System.getProperty("kernelbroker.projectDir", "."), "src", "test",
      "clients").toAbsolutePath().normalize();
  private static final List<String> NAMES = List.of("claude", "gemini");
  private static final Duration NPM_PING_DEADLINE = Duration.ofSeconds(30);

  /** What a CLI printed (stdout and stderr together) and how it exited. */
  public record Outcome(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing = NAMES.stream().filter(name -> !Files.isExecutable(bin(name))).toList();
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("client CLIs installed in " + FOLDER);
    }
    String what = "the client CLIs " + missing + " are not installed in " + FOLDER
        + " (the build's npm-install-client-clis step installs them before the ITs)";
    if (System.getenv("CI") != null) {
      throw new IllegalStateException("CI is set and " + what);
    }
    String unreachable = npmRegistryProblem();
    if (unreachable == null) {
      throw new IllegalStateException(what + ", although npm reaches its registry: see that step's output");
    }
    return ConditionEvaluationResult.disabled("skipped: " + what + ", and npm cannot reach its registry: "
        + unreachable);
  }

  public static Path bin(String name) {
    return FOLDER.resolve("node_modules").resolve(".bin").resolve(name);
  }

  /**
   * Runs a shell command line in {@code directory} with the CLIs first on the PATH and HOME at {@code home}, so
   * that neither the user's configuration nor their credentials are read or changed. Variables that would point
   * a CLI elsewhere (its config folders, a trust override, API keys) are left out.
   */
  public static Outcome run(Path home, Path directory, Map<String, String> extraEnvironment, String commandLine,
      Duration deadline) throws IOException, InterruptedException {
    Path log = Files.createTempFile(home, "cli", ".log");
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", commandLine)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()); // a file, not a pipe: a CLI's stray child cannot keep us reading
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("CLAUDE") || name.startsWith("ANTHROPIC")
        || name.startsWith("GEMINI") || name.startsWith("GOOGLE") || name.startsWith("XDG_"));
    env.put("HOME", home.toString());
    env.put("PATH", FOLDER.resolve("node_modules").resolve(".bin") + java.io.File.pathSeparator + env.get("PATH"));
    env.put("DISABLE_AUTOUPDATER", "1");
    env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    env.put("NO_COLOR", "1");
    env.putAll(extraEnvironment);
    Process process = builder.start();
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("`" + commandLine + "` did not finish within " + deadline.toSeconds() + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** npm's own reason (its fetch error, say), not the stack trace and log hints around it. */
  private static String gist(String npmOutput) {
    List<String> errors = npmOutput.lines().filter(line -> line.startsWith("npm error")).toList();
    return errors.stream().filter(line -> line.contains("Error")).findFirst()
        .or(() -> errors.stream().findFirst())
        .orElse(npmOutput)
        .replaceFirst("^npm error\\s*", "");
  }

  /** Null when {@code npm ping} answers; else what went wrong. */
  private static String npmRegistryProblem() {
    try {
      Process ping = new ProcessBuilder("npm", "ping").redirectErrorStream(true).start();
      if (!ping.waitFor(NPM_PING_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        ping.destroyForcibly();
        return "npm ping gave no answer within " + NPM_PING_DEADLINE.toSeconds() + " s";
      }
      String said = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return ping.exitValue() == 0 ? null : "npm ping failed: " + gist(said);
    } catch (IOException e) {
      return "npm could not be started: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while waiting for npm ping";
    }
  }
}
