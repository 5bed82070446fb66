package dev.kernelbroker.rest;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * A multipart body whose last part never ends (no closing boundary) leaves Vert.x's body handler waiting for that
 * part for ever, though the request itself has ended: such a request is answered 400 a moment after its end.
 */
final class MultipartWatch {
  private static final String TIMER = "kernel-broker.multipart-watch";
  private static final long CHECK_MS = 200;
  private static final long GRACE_MS = 1000;

  private final Vertx vertx;

  MultipartWatch(Vertx vertx) {
    this.vertx = vertx;
  }

  void begin(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      ctx.next();
      return;
    }
    long[] endedAt = {0};
    long timer = vertx.setPeriodic(CHECK_MS, id -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        vertx.cancelTimer(id);
      } else if (ctx.request().isEnded()) {
        long now = System.currentTimeMillis();
        if (endedAt[0] == 0) {
          endedAt[0] = now;
        } else if (now - endedAt[0] >= GRACE_MS) {
          vertx.cancelTimer(id);
          RestReply.error(ctx, 400, "bad_request", "The multipart body is malformed: a part never ended (no closing"
              + " boundary)");
        }
      }
    });
    ctx.put(TIMER, timer);
    ctx.addEndHandler(done -> vertx.cancelTimer(timer));
    ctx.next();
  }

  /** The body was read: nothing to watch any more. */
  void end(RoutingContext ctx) {
    Long timer = ctx.get(TIMER);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    ctx.next();
  }
}
