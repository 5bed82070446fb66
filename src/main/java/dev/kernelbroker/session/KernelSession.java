package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecuteRequest;
import dev.kernelbroker.jupyter.Execution;
import dev.kernelbroker.jupyter.ExecutionResult;
import dev.kernelbroker.jupyter.ExecutionStatus;
import dev.kernelbroker.jupyter.KernelState;
import dev.kernelbroker.sandbox.ResourceUsage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One caller's notebook: a Python, a Bash and a JavaScript kernel, each started on first use and never shared. Calls
 * run one after another in arrival order; when state is lost between calls, the next result says so.
 */
public final class KernelSession {
  private final String id;
  private final SessionSandbox sandbox;
  private final SessionObserver observer;
  private UsageTotals usage = UsageTotals.NONE;
  private volatile String client;
  private final Instant created = Instant.now();
  private final Map<Language, KernelSlot> slots = new EnumMap<>(Language.class);
  private final List<String> pendingNotices = new ArrayList<>();
  private final CellHistory history = new CellHistory();
  private final List<Runnable> closeActions = new ArrayList<>();
  private final Map<Language, String> lostState = new EnumMap<>(Language.class);
  private Future<Void> tail = Future.succeededFuture();
  private volatile Instant lastActivity = created;
  private int running;
  private long turns;
  private boolean closed;
  private Future<Void> ended = Future.succeededFuture();

  KernelSession(String id, SessionSandbox sandbox) {
    this(id, sandbox, SessionObserver.NONE);
  }

  KernelSession(String id, SessionSandbox sandbox, SessionObserver observer) {
    this.id = id;
    this.sandbox = sandbox;
    this.observer = observer;
  }

  /** The client (token name) whose quota this session's calls are charged to; null until a face says. */
  public String client() {
    return client;
  }

  /** Set by the face (MCP, REST) that obtained the session, from the token its caller presented. */
  public void chargeTo(String clientName) {
    client = clientName;
  }

  /** Every call of this session so far, added up. */
  public synchronized UsageTotals usage() {
    return usage;
  }

  public String id() {
    return id;
  }

  public Instant lastActivity() {
    return lastActivity;
  }

  /** The cells run so far, for the notebook export; callers record what they ran. */
  public CellHistory history() {
    return history;
  }

  /** The host folder this session's sandbox sees as /workspace; claims the sandbox on first use. */
  public Future<java.nio.file.Path> workspace() {
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("kernel session " + id + " is closed"));
      }
      lastActivity = Instant.now();
    }
    return sandbox.workspace();
  }

  /** That folder if the session already has a sandbox; starts nothing. */
  public java.util.Optional<java.nio.file.Path> currentWorkspace() {
    return sandbox.currentWorkspace();
  }

  /**
   * How many runs have had their turn so far, the current one included: a run that reads it at its turn and finds
   * its own earlier reading plus one knows no other run came in between.
   */
  public synchronized long turns() {
    return turns;
  }

  synchronized boolean busy() {
    return running > 0;
  }

  synchronized void notice(String text) {
    pendingNotices.add(text);
  }

  /**
   * Runs {@code request} in this session's kernel for {@code language}, after the calls before it.
   * {@code onCancel} receives the action that cancels this run (interrupting it if it already started).
   */
  public Future<ExecutionResult> execute(Language language, ExecuteRequest request, Consumer<Runnable> onCancel) {
    return execute(language, request, onCancel, () -> { });
  }

  /** As above; {@code onStart} runs when this run's turn comes (a job moves from queued to running then). */
  public Future<ExecutionResult> execute(Language language, ExecuteRequest request, Consumer<Runnable> onCancel,
      Runnable onStart) {
    return executeMeasured(language, request, onCancel, () -> {
      onStart.run();
      return Future.succeededFuture();
    }).map(MeasuredResult::result);
  }

  /**
   * As {@link #execute}, with what the call used (CPU, peak memory, wall time) measured in the sandbox. {@code atTurn}
   * runs when this run's turn comes, after the calls before it have ended, and the run starts when its Future
   * completes (a failure does not stop the run): work that must see the session as the run finds it goes there.
   */
  public Future<MeasuredResult> executeMeasured(Language language, ExecuteRequest request,
      Consumer<Runnable> onCancel, Supplier<Future<Void>> atTurn) {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicReference<Execution> started = new AtomicReference<>();
    onCancel.accept(() -> {
      cancelled.set(true);
      Execution execution = started.get();
      if (execution != null) {
        execution.cancel();
      }
    });
    Future<ExecutionResult> result;
    AtomicReference<CallUsage> used = new AtomicReference<>(CallUsage.NOTHING);
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("kernel session " + id + " is closed"));
      }
      running++;
      lastActivity = Instant.now();
      result = tail.transform(previous -> {
        synchronized (this) {
          turns++;
        }
        return atTurn.get().transform(ready -> run(language, request, cancelled, started, used));
      });
      tail = result.<Void>mapEmpty().otherwiseEmpty();
    }
    return result.andThen(done -> {
      synchronized (this) {
        running--;
        lastActivity = Instant.now();
        if (done.succeeded() && used.get() != CallUsage.NOTHING) { // else it never reached a kernel
          usage = request.storeHistory() ? usage.plus(used.get()) : usage.plusWork(used.get());
        }
      }
      if (done.succeeded() && request.storeHistory()) {
        observer.executed(this, language, done.result(), used.get());
      } else if (done.succeeded()) {
        observer.brokerWork(this, used.get());
      }
    }).map(r -> new MeasuredResult(r, used.get()));
  }

  private Future<ExecutionResult> run(Language language, ExecuteRequest request, AtomicBoolean cancelled,
      AtomicReference<Execution> started, AtomicReference<CallUsage> used) {
    if (cancelled.get()) {
      return Future.succeededFuture(SessionNotices.notRun(ExecutionStatus.CANCELLED,
          "Cancelled before it started: nothing ran, and the session's state is unchanged."));
    }
    List<String> notices = new ArrayList<>();
    return slotFor(language, notices).compose(slot -> sandbox.meter().compose(meter -> {
      // The meter begins once the request is on its way (the kernel cannot have started it yet) and ends when the
      // code is done (the first of its reply and idle status), while the other is still on the way: its readings then
      // cost the call no time. A run that never gets that far is read at its end, before anything else runs in the
      // sandbox (a replacement, a status check).
      AtomicReference<Optional<ResourceUsage>> counted = new AtomicReference<>();
      Runnable readMeter = () -> {
        if (counted.get() == null) {
          counted.set(sandbox.endMeter(meter));
        }
      };
      Execution execution = slot.manager.client().execute(meter == null ? request : request.withSentListener(() -> {
        meter.begin();
        request.sentListener().run();
      }).withDoneListener(() -> {
        request.doneListener().run();
        readMeter.run();
      }));
      started.set(execution);
      if (cancelled.get()) {
        execution.cancel();
      }
      return execution.result().andThen(outcome -> {
        readMeter.run();
        if (outcome.succeeded()) {
          used.set(new CallUsage(outcome.result().wallTime(), counted.get()));
        }
      }).compose(result -> result.status() == ExecutionStatus.KERNEL_DIED
          ? checkSandbox(language, slot, notices).map(result)
          : Future.succeededFuture(result));
    })).compose(result -> recycleIfSaturated(language, result))
        .map(result -> SessionNotices.prepend(notices, result));
  }

  /**
   * After a call that did not end cleanly: a sandbox at its process limit (a fork bomb, runaway background jobs) can
   * start nothing any more, so it is replaced at once and the session told, instead of failing every later call.
   */
  private Future<ExecutionResult> recycleIfSaturated(Language language, ExecutionResult result) {
    if (result.status() == ExecutionStatus.OK) {
      return Future.succeededFuture(result);
    }
    return sandbox.recycleIfSaturated().map(count -> {
      if (count == null) {
        return result;
      }
      synchronized (this) {
        slots.forEach((other, slot) -> {
          slot.manager.shutdown();
          if (other != language) {
            lostState.put(other, SessionNotices.saturated(other, count));
          }
        });
        slots.clear();
      }
      return SessionNotices.append(result, SessionNotices.saturated(language, count));
    }).otherwise(result);
  }

  /** After a kernel died: was it the whole sandbox? Then every kernel of this session is gone. */
  private Future<Void> checkSandbox(Language language, KernelSlot slot, List<String> notices) {
    slot.diedUnreported(); // this death is reported by the result itself
    return sandbox.verifiedGeneration().map(generation -> {
      if (generation != slot.generation) {
        notices.add(SessionNotices.sandboxReplaced(language));
        synchronized (this) {
          dropSlotsOlderThan(generation);
          lostState.remove(language);
        }
      }
      return null;
    }).otherwiseEmpty().mapEmpty();
  }

  private Future<KernelSlot> slotFor(Language language, List<String> notices) {
    return sandbox.generation().compose(generation -> {
      KernelSlot existing;
      synchronized (this) {
        existing = slots.get(language);
      }
      // A kernel that died may have died with its sandbox: ask before running code in it.
      return existing != null && existing.suspect()
          ? sandbox.verifiedGeneration().compose(confirmed -> pick(language, confirmed, notices))
          : pick(language, generation, notices);
    });
  }

  private Future<KernelSlot> pick(Language language, long generation, List<String> notices) {
    KernelSlot slot;
    synchronized (this) {
      notices.addAll(pendingNotices);
      pendingNotices.clear();
      dropSlotsOlderThan(generation);
      String lost = lostState.remove(language);
      if (lost != null) {
        notices.add(lost);
      }
      slot = slots.get(language);
    }
    if (slot != null) {
      if (slot.diedUnreported()) {
        notices.add(SessionNotices.kernelDiedBetweenCalls(language));
      }
      return Future.succeededFuture(slot);
    }
    return sandbox.launch(language).compose(launched -> {
      if (launched.notResumed()) {
        notices.add(SessionNotices.notResumed(language));
      }
      KernelSlot fresh = new KernelSlot(launched);
      synchronized (this) {
        if (!closed) {
          slots.put(language, fresh);
          return Future.succeededFuture(fresh);
        }
      }
      return fresh.manager.shutdown().transform(ignored ->
          Future.failedFuture(new IllegalStateException("kernel session " + id + " closed while starting")));
    });
  }

  /** Kernels of an earlier sandbox no longer exist; remember to tell the caller when that language runs next. */
  private void dropSlotsOlderThan(long generation) {
    slots.entrySet().removeIf(entry -> {
      if (entry.getValue().generation == generation) {
        return false;
      }
      lostState.put(entry.getKey(), SessionNotices.sandboxReplaced(entry.getKey()));
      entry.getValue().manager.shutdown();
      return true;
    });
  }

  public synchronized SessionStatus status() {
    List<KernelStatus> kernels = new ArrayList<>();
    for (Language language : Language.values()) {
      KernelSlot slot = slots.get(language);
      kernels.add(slot == null
          ? new KernelStatus(language, KernelState.NOT_STARTED.wire(), null, null)
          : new KernelStatus(language, slot.manager.state().wire(), slot.manager.executionCount(),
              slot.manager.lastActivity()));
    }
    return new SessionStatus(id, created, lastActivity, sandbox.status(), kernels);
  }

  synchronized int liveKernels() {
    return slots.size();
  }

  /** Runs once when the session closes (ended, or idle too long); at once if it already has. */
  public void onClose(Runnable action) {
    synchronized (this) {
      if (!closed) {
        closeActions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Keep-mode exit: the kernels keep running in the sandbox, which stays; only this broker's connections go. */
  Future<Void> detach() {
    List<KernelSlot> leaving;
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      closed = true;
      ended = done.future();
      leaving = List.copyOf(slots.values());
      slots.clear();
    }
    sandbox.detach();
    Future.join(leaving.stream().map(slot -> slot.manager.detach()).toList()).<Void>mapEmpty().onComplete(done);
    return done.future();
  }

  /**
   * Shuts the kernels down and releases the sandbox, which removes it; runs still queued end as cancelled. Called
   * again, answers the first close's future: a broker shutting down waits for a close its MCP session began.
   */
  public Future<Void> close() {
    List<KernelSlot> closing;
    List<Runnable> actions;
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      if (closed) {
        return ended;
      }
      closed = true;
      ended = done.future();
      closing = List.copyOf(slots.values());
      slots.clear();
      actions = List.copyOf(closeActions);
      closeActions.clear();
    }
    actions.forEach(Runnable::run);
    Future.join(closing.stream().map(slot -> slot.manager.shutdown()).toList())
        .eventually(sandbox::close).<Void>mapEmpty().onComplete(done);
    return done.future();
  }
}
