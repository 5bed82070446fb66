package dev.kernelbroker.testsupport;

import dev.kernelbroker.sandbox.DockerConnection;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where Docker answers. Without Docker a developer's run skips it and says why; in CI
 * (variable CI set) the missing engine is a failure, never a skip.
 */
public final class DockerAvailable implements ExecutionCondition {
  private static volatile String problem;
  private static volatile boolean checked;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = problem();
    if (why == null) {
      return ConditionEvaluationResult.enabled("Docker answers");
    }
    if (System.getenv("CI") != null) {
      throw new IllegalStateException("CI is set but Docker does not answer: " + why
          + " (run .ci/provision to start an engine)");
    }
    return ConditionEvaluationResult.disabled("skipped: needs a Docker engine, and Docker does not answer: " + why);
  }

  /** For code outside JUnit conditions: throws unless Docker answers. */
  public static void require() {
    String why = problem();
    if (why != null) {
      throw new IllegalStateException("Docker is required but does not answer: " + why);
    }
  }

  private static synchronized String problem() {
    if (!checked) {
      checked = true;
      try (var docker = DockerConnection.open()) {
        docker.pingCmd().exec();
      } catch (Exception e) {
        problem = String.valueOf(e.getMessage());
      }
    }
    return problem;
  }
}
