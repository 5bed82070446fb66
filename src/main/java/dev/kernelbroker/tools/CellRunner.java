package dev.kernelbroker.tools;

import dev.kernelbroker.config.FileSettings;
import dev.kernelbroker.files.FileEntry;
import dev.kernelbroker.files.WorkspaceFiles;
import dev.kernelbroker.files.WorkspacePath;
import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.Output;
import dev.kernelbroker.packages.PackageInstaller;
import dev.kernelbroker.packages.Preparation;
import dev.kernelbroker.session.CallUsage;
import dev.kernelbroker.session.KernelSession;
import dev.kernelbroker.session.Language;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one cell for either face: missing Python packages are installed first, the workspace is scanned before and
 * after (bounded), output beyond the result's cap is spilled to a file, and the cell joins the session's notebook
 * history.
 */
public final class CellRunner {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final WorkspacePath OUTPUTS = SessionFiles.OWN_FOLDER.child("outputs");
  /** Spill files kept per workspace: a shared workspace lives on, and each may be BROKER_MAX_SPILL_BYTES. */
  static final int KEPT_SPILLS = 10;

  /** How a cell went, and which files it created or changed (the spill file not among them). */
  public record Outcome(ExecutionResult result, List<FileEntry> changed, boolean listChanged, FileEntry spill,
      WorkspaceFiles files, CallUsage usage) {}

  private final Vertx vertx;
  private final SessionFiles files;
  private final FileSettings limits;
  private final PackageInstaller installer;
  private final AtomicLong calls = new AtomicLong();

  public CellRunner(Vertx vertx, SessionFiles files, PackageInstaller installer) {
    this.vertx = vertx;
    this.files = files;
    this.limits = files.grants().settings();
    this.installer = installer;
  }

  public SessionFiles files() {
    return files;
  }

  public PackageInstaller installer() {
    return installer;
  }

  public Future<Outcome> run(KernelSession session, Language language, String code, Duration timeout,
      Consumer<Output> live, Consumer<Runnable> onCancel) {
    return run(session, language, code, timeout, live, onCancel, () -> { });
  }

  /** As above; {@code onStart} runs when the cell's turn in the session comes (a job is then running). */
  public Future<Outcome> run(KernelSession session, Language language, String code, Duration timeout,
      Consumer<Output> live, Consumer<Runnable> onCancel, Runnable onStart) {
    Consumer<Output> shown = live == null ? output -> { } : live;
    Future<Preparation> ready = language == Language.PYTHON
        ? installer.prepare(session, code, shown, onCancel, onStart)
        : Future.succeededFuture(Preparation.UNTOUCHED);
    return ready.compose(prep -> prep instanceof Preparation.Proceed go
        ? run(session, language, code, timeout, live, onCancel, go.started() ? () -> { } : onStart, go)
        : files.of(session).map(workspace -> new Outcome(((Preparation.Refuse) prep).result(), List.of(), false,
            null, workspace, CallUsage.NOTHING)));
  }

  private Future<Outcome> run(KernelSession session, Language language, String code, Duration timeout,
      Consumer<Output> live, Consumer<Runnable> onCancel, Runnable onStart, Preparation.Proceed prep) {
    return files.of(session).compose(workspace -> {
      OutputSpill spill = new OutputSpill(vertx, workspace, () -> spillPath(language), limits.maxSpillBytes());
      int max = limits.maxScannedFiles();
      // The workspace as this cell finds it, taken when its turn comes, so that what a call or job queued before it
      // wrote is not taken for this cell's work; and as the cell leaves it, walked as soon as the code is done (the
      // kernel's reply or idle status, whichever comes first), while the other is still on its way.
      AtomicLong turn = new AtomicLong();
      AtomicReference<Map<WorkspacePath, FileEntry>> before = new AtomicReference<>();
      AtomicReference<Future<Map<WorkspacePath, FileEntry>>> after = new AtomicReference<>();
      Optional<Path> root = session.currentWorkspace();
      Supplier<Future<Void>> atTurn = () -> {
        onStart.run();
        turn.set(session.turns());
        return files.scanBefore(session, turn.get(), workspace, max).onSuccess(before::set).<Void>mapEmpty()
            .otherwiseEmpty();
      };
      Runnable done = () -> {
        if (before.get() != null && after.get() == null) {
          after.set(files.scanAfter(session, turn.get(), workspace, max));
        }
      };
      ExecuteRequest request = new ExecuteRequest(code, timeout, live, spill).withDoneListener(done);
      return session.executeMeasured(language, request, onCancel, atTurn)
          .compose(measured -> finish(spill, workspace).compose(spilled -> {
            ExecutionResult result = prep.told(measured.result());
            session.history().record(language, code, result);
            ExecutionResult told = spilled.map(s -> withSpillNotice(result, s)).orElse(result);
            // The sandbox may have been replaced meanwhile: its files moved to the new one's folder.
            WorkspaceFiles now = files.current(session).orElse(workspace);
            Future<Map<WorkspacePath, FileEntry>> scanned = after.get() != null
                && session.currentWorkspace().equals(root) ? after.get()
                : files.scanAfter(session, turn.get(), now, max);
            return changes(before.get(), scanned).map(diff -> new Outcome(told, diff.changed, diff.listChanged,
                spilled.map(OutputSpill.Spilled::file).orElse(null), now, measured.usage()));
          }));
    });
  }

  private WorkspacePath spillPath(Language language) {
    return OUTPUTS.child(STAMP.format(LocalDateTime.now()) + "-"
        + String.format("%06d", calls.incrementAndGet() % 1_000_000) + "-" + language.wireName() + ".txt");
  }

  /** Closes the spill file; when the output did spill, old spill files beyond the kept number go. */
  private Future<Optional<OutputSpill.Spilled>> finish(OutputSpill spill, WorkspaceFiles workspace) {
    return spill.finish().otherwise(Optional.empty()).compose(spilled -> spilled.isPresent()
        ? prune(workspace).map(spilled)
        : Future.succeededFuture(spilled));
  }

  /** Removes the oldest spill files beyond {@link #KEPT_SPILLS} (their names start with the time). */
  private Future<Void> prune(WorkspaceFiles workspace) {
    return workspace.list(OUTPUTS, false, limits.maxScannedFiles()).compose(listing -> {
      List<FileEntry> spills = listing.entries().stream().filter(FileEntry::isFile)
          .sorted(java.util.Comparator.comparing(e -> e.path().fileName())).toList();
      Future<Void> done = Future.succeededFuture();
      for (FileEntry old : spills.subList(0, Math.max(0, spills.size() - KEPT_SPILLS))) {
        done = done.compose(v -> workspace.delete(old.path()));
      }
      return done;
    }).otherwiseEmpty();
  }

  private record Diff(List<FileEntry> changed, boolean listChanged) {}

  private Future<Diff> changes(Map<WorkspacePath, FileEntry> before, Future<Map<WorkspacePath, FileEntry>> scanned) {
    if (before == null) {
      return Future.succeededFuture(new Diff(List.of(), false));
    }
    return scanned.map(after -> {
      List<FileEntry> changed = new ArrayList<>();
      after.forEach((path, entry) -> {
        FileEntry old = before.get(path);
        if (!path.startsWith(SessionFiles.OWN_FOLDER) && (old == null || old.size() != entry.size()
            || !Objects.equals(old.modified(), entry.modified()))) {
          changed.add(entry);
        }
      });
      return new Diff(changed, !after.keySet().equals(before.keySet()));
    }).otherwise(new Diff(List.of(), false));
  }

  private ExecutionResult withSpillNotice(ExecutionResult result, OutputSpill.Spilled spilled) {
    String where = spilled.file().path().sandboxPath();
    String text = "The whole output (" + spilled.chars() + " characters) is in " + where + " ("
        + spilled.file().size() + " bytes): search it with grep, or read parts with head, tail or sed.";
    if (!spilled.complete()) {
      text += spilled.problem() != null ? " The file is incomplete: " + spilled.problem() + "."
          : " The file stops at its limit of " + limits.maxSpillBytes() + " bytes (BROKER_MAX_SPILL_BYTES).";
    }
    List<Output> outputs = new ArrayList<>(result.outputs());
    outputs.add(new Output.NoticeOutput(text));
    return new ExecutionResult(outputs, result.status(), result.stateKept(), result.executionCount(),
        result.wallTime(), result.summary());
  }
}
