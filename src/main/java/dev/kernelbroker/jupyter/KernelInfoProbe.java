package dev.kernelbroker.jupyter;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks kernel_info once a second until one request is answered on both channels: the shell reply and its
 * iopub status. A kernel still starting ignores early requests; and after a restart Jupyter Server has been
 * seen to relay shell replies while the new process's iopub never reaches the socket, which would leave every
 * execution waiting for an idle that never comes. Then the socket is reopened.
 */
final class KernelInfoProbe {
  private static final Logger LOG = LoggerFactory.getLogger(KernelInfoProbe.class);
  private static final int SHELL_ONLY_ANSWERS_BEFORE_RECONNECT = 3;

  private final KernelManager kernel;
  private final Vertx vertx;
  private final Supplier<Future<Void>> reconnect;
  private final Promise<Void> ready = Promise.promise();
  private final Set<String> asked = new HashSet<>();
  private final Set<String> answeredOnShell = new HashSet<>();
  private final Set<String> seenOnIopub = new HashSet<>();
  private boolean reconnecting;

  private KernelInfoProbe(KernelManager kernel, Vertx vertx, Supplier<Future<Void>> reconnect) {
    this.kernel = kernel;
    this.vertx = vertx;
    this.reconnect = reconnect;
  }

  /** Runs on the manager's context; {@code reconnect} reopens the socket with a fresh session. */
  static Future<Void> await(KernelManager kernel, Vertx vertx, Duration deadline, Supplier<Future<Void>> reconnect) {
    KernelInfoProbe probe = new KernelInfoProbe(kernel, vertx, reconnect);
    long timer = vertx.setPeriodic(0, 1000, t -> probe.tick());
    return Deadline.within(probe.ready.future(), deadline,
            "kernel " + kernel.kernelId() + " (" + kernel.specName() + ") did not answer kernel_info on shell and iopub")
        .onComplete(r -> {
          vertx.cancelTimer(timer);
          probe.asked.forEach(kernel::unsubscribe);
        });
  }

  private void tick() {
    if (reconnecting || ready.future().isComplete()) {
      return;
    }
    if (answeredOnShell.size() >= SHELL_ONLY_ANSWERS_BEFORE_RECONNECT) {
      LOG.info("Kernel {} answers on shell but its iopub stays silent; reopening its WebSocket", kernel.kernelId());
      answeredOnShell.clear();
      reconnecting = true;
      reconnect.get().onComplete(r -> reconnecting = false);
      return;
    }
    JupyterMessage ask = JupyterMessage.request(Channel.SHELL, kernel.sessionId(), MessageType.KERNEL_INFO_REQUEST,
        new JsonObject());
    String id = ask.header().msgId();
    asked.add(id);
    kernel.subscribe(id, message -> {
      if (message.type() == MessageType.KERNEL_INFO_REPLY) {
        answeredOnShell.add(id);
      } else if (message.channel() == Channel.IOPUB) {
        seenOnIopub.add(id);
      }
      if (answeredOnShell.contains(id) && seenOnIopub.contains(id)) {
        ready.tryComplete();
      }
    });
    kernel.send(ask);
  }
}
