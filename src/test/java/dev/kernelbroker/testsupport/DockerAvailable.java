package dev.kernelbroker.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where Docker answers. Locally a missing Docker skips the class with the reason;
 * under CI (env {@code CI} set) it fails instead, so a broken CI machine cannot pass by skipping.
 * Use as {@code @ExtendWith(DockerAvailable.class)}.
 */
public final class DockerAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = problem();
    if (why == null) {
      return ConditionEvaluationResult.enabled("Docker is reachable");
    }
    if (System.getenv("CI") != null) {
      throw new IllegalStateException("Docker is required under CI but " + why);
    }
    return ConditionEvaluationResult.disabled("Skipped: these tests need Docker, but " + why);
  }

  /** For code outside JUnit conditions: throws unless Docker is reachable. */
  public static void require() {
    String why = problem();
    if (why != null) {
      throw new IllegalStateException("Docker is required but " + why);
    }
  }

  private static String problem() {
    try {
      return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker engine is reachable";
    } catch (RuntimeException e) {
      return "no Docker engine is reachable (" + e.getMessage() + ")";
    }
  }
}
