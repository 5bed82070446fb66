package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one kernel's life — start, restart, interrupt, shutdown — and its WebSocket. Deploying it starts
 * the kernel; undeploying shuts it down. All of its state changes on its own context.
 */
public final class KernelManager extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KernelManager.class);

  private final JupyterRestClient rest;
  private final String specName;
  private final KernelSettings settings;
  private final String sessionId = UUID.randomUUID().toString();
  private final Map<String, Consumer<JupyterMessage>> byParent = new HashMap<>();
  private KernelChannel channel;
  private KernelClient client;
  private Consumer<String> deathListener = reason -> { };
  private Consumer<String> lossListener = reason -> { };
  private Future<Void> ready = Future.failedFuture(new JupyterException("the kernel has not been started"));
  private boolean restarting;
  private boolean stopping;
  private volatile boolean keepKernel;
  private String attachTo;
  private volatile String kernelId;
  private volatile KernelState state = KernelState.NOT_STARTED;
  private volatile Integer executionCount;
  private volatile Instant lastActivity = Instant.now();
  private volatile int deaths;

  public KernelManager(JupyterRestClient rest, String specName, KernelSettings settings) {
    this.rest = Objects.requireNonNull(rest, "rest");
    this.specName = Objects.requireNonNull(specName, "specName");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Deploys a manager, which starts its kernel; the future completes once the kernel answers. */
  public static Future<KernelManager> launch(Vertx vertx, JupyterRestClient rest, String specName,
      KernelSettings settings) {
    KernelManager manager = new KernelManager(rest, specName, settings);
    return vertx.deployVerticle(manager).map(id -> manager);
  }

  /**
   * Deploys a manager for a kernel that already runs (left by an earlier broker process): it connects to it instead
   * of starting one, so the kernel's state is kept; completes once the kernel answers.
   */
  public static Future<KernelManager> attach(Vertx vertx, JupyterRestClient rest, String specName,
      KernelSettings settings, String kernelId) {
    KernelManager manager = new KernelManager(rest, specName, settings);
    manager.attachTo = Objects.requireNonNull(kernelId, "kernelId");
    return vertx.deployVerticle(manager).map(id -> manager);
  }

  @Override
  public Future<?> start() {
    ContextInternal own = (ContextInternal) context; // its event loop carries the kernel's socket
    channel = new KernelChannel(own, rest.endpoint(), sessionId, settings.maxMessageBytes(), this::onMessage,
        this::onChannelClosed);
    client = new KernelClient(this, own);
    state = KernelState.STARTING;
    if (attachTo != null) {
      kernelId = attachTo;
      ready = attach(attachTo);
    } else {
      ready = startFresh();
    }
    return ready;
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (keepKernel) {
      client.leave();
    } else {
      client.shutDown();
    }
    channel.close();
    state = KernelState.DEAD;
    if (kernelId == null || keepKernel) {
      return Future.succeededFuture();
    }
    // A kernel that cannot be asked to shut down goes with its sandbox's container, which its owner removes next:
    // a failed request must not fail the undeploy (nor log it as an error).
    String id = kernelId;
    return rest.shutdown(id).otherwise(e -> {
      LOG.debug("Shutting kernel {} down failed ({}); it goes with its sandbox", id, e.getMessage());
      return null;
    });
  }

  /** Closes this manager's connection but leaves the kernel running on its server, for a later broker. */
  public Future<Void> detach() {
    keepKernel = true;
    return shutdown();
  }

  /** Shuts the kernel down and undeploys this manager. */
  public Future<Void> shutdown() {
    return deploymentID() == null ? Future.succeededFuture() : vertx.undeploy(deploymentID());
  }

  public KernelClient client() {
    return client;
  }

  public String kernelId() {
    return kernelId;
  }

  public String specName() {
    return specName;
  }

  public KernelState state() {
    return state;
  }

  public Integer executionCount() {
    return executionCount;
  }

  /** How often this kernel died (and was restarted): a change tells a caller its state was lost meanwhile. */
  public int deaths() {
    return deaths;
  }

  public Instant lastActivity() {
    return lastActivity;
  }

  public KernelSettings settings() {
    return settings;
  }

  public Future<Void> interrupt() {
    String id = kernelId;
    return id == null ? Future.failedFuture(new JupyterException("no kernel to interrupt")) : rest.interrupt(id);
  }

  /**
   * Restarts the kernel (state is lost); if the server no longer knows it, starts a new one. Completes
   * once the kernel answers {@code kernel_info}.
   */
  public Future<Void> restart() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> restartOnContext().onComplete(done));
    return done.future();
  }

  private Future<Void> restartOnContext() {
    // Set at once, so the "restarting"/"dead" statuses our own restart causes are not taken for a death.
    restarting = true;
    state = KernelState.RESTARTING;
    String id = kernelId;
    Future<Void> attempt = id == null ? startFresh() : rest.getKernel(id).compose(model -> model.isEmpty()
        ? startFresh()
        : rest.restart(id).compose(m -> {
              channel.forgetSession(); // a fresh socket with fresh server-side streams for the new process
              return connect(id);
            })
            .compose(x -> awaitReady())
            .recover(err -> {
              LOG.warn("Restarting kernel {} failed ({}); starting a new one", id, err.getMessage());
              return startFresh();
            }));
    ready = attempt.onComplete(r -> {
      restarting = false;
      if (r.failed()) {
        state = KernelState.DEAD;
      }
    });
    return ready;
  }

  /** Completes when the kernel can take an execution; after a failed restart, tries once more. */
  Future<Void> whenReady() {
    return ready.failed() && !stopping ? restartOnContext() : ready;
  }

  void onDeath(Consumer<String> listener) {
    this.deathListener = listener;
  }

  /** Told when a message from the kernel was refused, so the running execution's output is incomplete. */
  void onOutputLost(Consumer<String> listener) {
    this.lossListener = listener;
  }

  void subscribe(String msgId, Consumer<JupyterMessage> listener) {
    byParent.put(msgId, listener);
  }

  void unsubscribe(String msgId) {
    byParent.remove(msgId);
  }

  Future<Void> send(JupyterMessage message) {
    lastActivity = Instant.now();
    return channel.send(message);
  }

  String sessionId() {
    return sessionId;
  }

  void noteExecutionCount(Integer count) {
    if (count != null) {
      executionCount = count;
    }
  }

  private Future<Void> startFresh() {
    String old = kernelId;
    Future<Void> cleared = old == null ? Future.succeededFuture() : rest.shutdown(old).otherwiseEmpty();
    return cleared
        .compose(v -> rest.startKernel(specName))
        .compose(model -> {
          kernelId = model.id();
          executionCount = null;
          return connect(model.id());
        })
        .compose(v -> awaitReady());
  }

  /**
   * Connects to a kernel that already runs. One still busy with a cell from before the broker's restart answers no
   * kernel_info until the cell ends: it is taken as busy, and what this broker sends it runs after that cell.
   */
  private Future<Void> attach(String id) {
    return rest.getKernel(id).compose(model -> model.isEmpty() || model.get().isDead()
        ? Future.failedFuture(new JupyterException("kernel " + id + " no longer exists on its Jupyter Server"))
        : connect(id).compose(v -> {
          if (KernelState.BUSY.wire().equals(model.get().executionState())) {
            state = KernelState.BUSY;
            return Future.succeededFuture();
          }
          return awaitReady();
        }));
  }

  private Future<Void> connect(String id) {
    return channel.connect(id, settings.readyTimeout());
  }

  private Future<Void> awaitReady() {
    return KernelInfoProbe.await(this, vertx, settings.readyTimeout(), () -> {
      channel.forgetSession();
      return connect(kernelId);
    }).onSuccess(v -> state = KernelState.IDLE);
  }


  private void onMessage(JupyterMessage message) {
    if (message.channel() == Channel.IOPUB) {
      lastActivity = Instant.now();
      if (message.type() == MessageType.STATUS) {
        onStatus(message);
      }
    }
    String parent = message.parentId();
    Consumer<JupyterMessage> listener = parent == null ? null : byParent.get(parent);
    if (listener != null) {
      listener.accept(message);
    }
  }

  private void onStatus(JupyterMessage message) {
    KernelState reported = KernelState.fromWire(message.content().getString(Wire.EXECUTION_STATE, "")).orElse(null);
    if (reported == null || restarting) {
      return;
    }
    if (reported == KernelState.DEAD || reported == KernelState.RESTARTING) {
      died("its process ended, most often by running out of memory; Jupyter reported it " + reported.wire());
    } else {
      state = reported;
    }
  }

  private void onChannelClosed(String lostOutput) {
    if (stopping || restarting) {
      return;
    }
    if (rest.clients().isClosed()) {
      // The broker is shutting down and took the connections with it: nothing to reopen, and no death to report.
      LOG.debug("WebSocket to kernel {} closed while the broker shuts down", kernelId);
      return;
    }
    // Executions wait for the socket to reopen (or the kernel to restart) instead of failing to send meanwhile.
    Promise<Void> reopened = Promise.promise();
    ready = reopened.future();
    if (lostOutput != null) {
      LOG.warn("Kernel {} ({}): {}", kernelId, specName, lostOutput);
      lossListener.accept(lostOutput);
    }
    String id = kernelId;
    rest.getKernel(id).onComplete(r -> {
      if (r.succeeded() && r.result().isPresent() && !r.result().get().isDead()) {
        connect(id).onComplete(c -> {
          if (c.succeeded()) {
            reopened.complete();
          } else {
            diedWhileReopening("the kernel WebSocket closed and could not be reopened: " + c.cause().getMessage(),
                reopened);
          }
        });
      } else {
        diedWhileReopening("the kernel WebSocket closed and the kernel is gone", reopened);
      }
    });
  }

  private void diedWhileReopening(String reason, Promise<Void> reopened) {
    died(reason);
    if (ready == reopened.future()) {
      reopened.fail(new JupyterException(reason)); // being stopped or restarted by someone else meanwhile
    } else {
      ready.onComplete(reopened);
    }
  }

  /**
   * Asks the server whether the kernel still exists. A kernel deleted through the REST API sends no status and may
   * keep its WebSocket open, so a run waiting on it would otherwise wait for its whole timeout.
   */
  void verifyExists() {
    String id = kernelId;
    if (id == null || stopping || restarting) {
      return;
    }
    rest.getKernel(id).onSuccess(model -> {
      if (id.equals(kernelId) && (model.isEmpty() || model.get().isDead())) {
        died("the kernel no longer exists on its Jupyter Server (deleted or shut down from outside)");
      }
    });
  }

  private void died(String reason) {
    if (stopping || restarting) {
      return;
    }
    LOG.warn("Kernel {} ({}) died: {}", kernelId, specName, reason);
    deaths++;
    // Restart first: failing the in-flight execution lets the next one start, and it must wait for this restart.
    restartOnContext();
    deathListener.accept(reason);
  }
}
