package dev.kernelbroker.packages;

import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.PackageSettings;
import dev.kernelbroker.config.RuntimeKind;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Missing Python packages, installed before the code that imports them runs. The imports are read inside the sandbox
 * (Python's own ast, so strings, comments and IPython magics never fool it) by a silent cell of the broker's own; the
 * user's code runs once, after the installs, or not at all when one of them failed. It is never run again.
 */
public final class PackageInstaller {
  /** Code with no import statement cannot need an install: no helper round trip for it. */
  private static final Pattern MAY_IMPORT = Pattern.compile("\\bimport\\b");
  /** Beyond pip's own deadline, for the helper cell around it (the scan, moving the installed files). */
  private static final Duration HELPER_MARGIN = Duration.ofSeconds(30);

  private final PackageSettings settings;
  private final NetworkMode network;
  private final boolean local;

  public PackageInstaller(PackageSettings settings, SandboxSettings sandbox) {
    this.settings = settings;
    this.network = sandbox.network();
    this.local = sandbox.runtime() == RuntimeKind.LOCAL;
  }

  public PackageSettings settings() {
    return settings;
  }

  /** Why nothing can be installed in this deployment, or null when installs work. */
  public String unavailable() {
    if (!settings.enabled()) {
      return "package installs are turned off (BROKER_PIP_INDEX_URL=off)";
    }
    if (local) {
      return "the local runtime (BROKER_RUNTIME=local) runs kernels on the host, where the broker installs nothing";
    }
    if (network == NetworkMode.NONE) {
      return "package installs are unavailable: the sandbox has no network (BROKER_SANDBOX_NETWORK=none), so no"
          + " package index can be reached";
    }
    return null;
  }

  /**
   * Before Python code runs: looks for the modules it imports that nothing provides and installs them. Notes go to
   * {@code live} as they are made (a progress notification, a job's log) and into the result through the
   * {@link Preparation}. {@code onStart} runs when the check cell begins; without a check it is left to the caller.
   */
  public Future<Preparation> prepare(KernelSession session, String code, Consumer<Output> live,
      Consumer<Runnable> onCancel, Runnable onStart) {
    if (!settings.enabled() || local || !MAY_IMPORT.matcher(code).find()) {
      return Future.succeededFuture(Preparation.UNTOUCHED);
    }
    JsonObject ask = new JsonObject().put("action", "prepare").put("code", code)
        .put("install", network != NetworkMode.NONE);
    return helper(session, ask, onCancel, onStart).map(helper -> {
      List<String> lost = lostStateNotices(helper);
      InstallReport report = InstallReport.parse(helper.text());
      if (report == null && lacksHelper(helper)) {
        return new Preparation.Proceed(
            List.of("missing packages were not looked for: this sandbox image has no kb_packages helper"), lost, true);
      }
      if (report == null) {
        return new Preparation.Refuse(new ExecutionResult(helper.outputs(), helper.status() == ExecutionStatus.OK
            ? ExecutionStatus.ERROR : helper.status(), helper.stateKept(), null, helper.wallTime(),
            "Did not run: the broker's import check and install step did not finish (" + helper.summary()
            + "), so none of the code ran."));
      }
      if (!report.failed().isEmpty()) {
        return new Preparation.Refuse(notRun(report, lost, helper.wallTime()));
      }
      List<String> notes = new ArrayList<>();
      if (!report.installed().isEmpty()) {
        notes.add("installed: " + report.pins());
      } else if (!report.missing().isEmpty() && network == NetworkMode.NONE) {
        notes.add("not installed: " + String.join(", ", report.missing().stream()
            .map(m -> m.distribution() + " (for import " + m.module() + ")").toList()) + " — " + unavailable());
      }
      notes.forEach(n -> live.accept(new Output.NoticeOutput(n)));
      return new Preparation.Proceed(notes, lost, true);
    });
  }

  /** install_packages: pip installs the given requirements into the session's sandbox. */
  /** What {@code install_packages} did, and the session's notices of lost state its call received. */
  public record Explicit(InstallReport report, List<String> lostState) {
    public Explicit {
      lostState = List.copyOf(lostState);
    }
  }

  public Future<Explicit> install(KernelSession session, List<String> requirements, Consumer<Runnable> onCancel) {
    JsonObject ask = new JsonObject().put("action", "install").put("packages", new JsonArray(requirements));
    return helper(session, ask, onCancel, () -> { }).compose(helper -> {
      InstallReport report = InstallReport.parse(helper.text());
      return report != null ? Future.succeededFuture(new Explicit(report, lostStateNotices(helper)))
          : Future.failedFuture(new IllegalStateException("the install did not finish: " + helper.summary()
              + (helper.text().isBlank() ? "" : " " + helper.text().strip())));
    });
  }

  private Future<ExecutionResult> helper(KernelSession session, JsonObject ask, Consumer<Runnable> onCancel,
      Runnable onStart) {
    ask.put("timeout", settings.timeout().toSeconds()).put("max_bytes", settings.maxBytes());
    settings.indexUrl().ifPresent(url -> ask.put("index", url.toString()));
    String cell = "__import__('kb_packages').main(" + Json.encode(ask.encode()) + ")";
    return session.execute(Language.PYTHON, new ExecuteRequest(cell, settings.timeout().plus(HELPER_MARGIN), null,
        null, false), onCancel, onStart);
  }

  /** A sandbox image of the user's own, without our helper: its code runs as it always did. */
  private static boolean lacksHelper(ExecutionResult helper) {
    return helper.outputs().stream().anyMatch(o -> o instanceof Output.ErrorOutput e
        && e.evalue().contains("'kb_packages'"));
  }

  /** The session's notices of lost state that the helper's call received: they belong to the user's result. */
  private static List<String> lostStateNotices(ExecutionResult helper) {
    if (helper.stateKept()) {
      return List.of();
    }
    return helper.outputs().stream().filter(o -> o instanceof Output.NoticeOutput)
        .map(o -> ((Output.NoticeOutput) o).text()).toList();
  }

  private ExecutionResult notRun(InstallReport report, List<String> lost, Duration wall) {
    List<String> what = report.failed().stream().map(f -> f.distribution()
        + (f.module() == null || f.module().equals(f.distribution()) ? "" : " (for import " + f.module() + ")")
        + ": " + f.detail()).toList();
    String message = "could not install " + String.join("; ", what) + " (index: " + settings.describeIndex() + ")"
        + (report.installed().isEmpty() ? "" : ". Installed meanwhile: " + report.pins()) + ".";
    String summary = "Did not run: a package the code imports could not be installed, so none of the code ran and"
        + " the session's state is unchanged. Fix the import or install another package (install_packages).";
    ExecutionResult result = new ExecutionResult(List.of(new Output.NoticeOutput(message)), ExecutionStatus.ERROR,
        true, null, wall, summary);
    return result.withLostState(lost, List.of());
  }
}
