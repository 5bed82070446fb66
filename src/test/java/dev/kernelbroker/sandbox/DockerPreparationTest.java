package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernelbroker.jupyter.JupyterEndpoint;
import dev.kernelbroker.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sandbox started while the runtime prepares serves only from the image the check passed (issue 9). */
class DockerPreparationTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger launches = new AtomicInteger();
  private final List<String> discarded = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aSandboxStartedDuringACheckThatKeptTheImageServes() {
    CountDownLatch checking = new CountDownLatch(1);
    DockerPreparation preparation = preparation(() -> {
      checking.await(10, TimeUnit.SECONDS);
      return false;
    });
    Future<SandboxInstance> started = preparation.admit(this::launch, this::discard);
    assertEquals(1, launches.get(), "the sandbox is launched before the image check ends");
    checking.countDown();
    assertEquals("sandbox-1", Await.result(started).id());
    assertEquals(List.of(), discarded);
    Await.result(preparation.done());
  }

  @Test
  void aSandboxStartedBeforeTheImageWasRebuiltIsDroppedAndAnotherStarted() {
    CountDownLatch checking = new CountDownLatch(1);
    DockerPreparation preparation = preparation(() -> {
      checking.await(10, TimeUnit.SECONDS);
      return true;
    });
    Future<SandboxInstance> started = preparation.admit(this::launch, this::discard);
    checking.countDown();
    assertEquals("sandbox-2", Await.result(started).id());
    assertEquals(List.of("sandbox-1"), discarded);
  }

  @Test
  void aFailedImageCheckFailsTheStartAndDropsItsSandbox() {
    CountDownLatch checking = new CountDownLatch(1);
    DockerPreparation preparation = preparation(() -> {
      checking.await(10, TimeUnit.SECONDS);
      throw new SandboxException("building the sandbox image failed: no space left");
    });
    Future<SandboxInstance> started = preparation.admit(this::launch, this::discard);
    checking.countDown();
    Throwable failure = assertThrows(RuntimeException.class, () -> Await.result(started));
    assertTrue(failure.getMessage().contains("no space left"), failure.getMessage());
    assertEquals(List.of("sandbox-1"), discarded);
  }

  @Test
  void aStartAfterTheCheckLaunchesOnce() {
    DockerPreparation preparation = preparation(() -> false);
    Await.result(preparation.done());
    assertEquals("sandbox-1", Await.result(preparation.admit(this::launch, this::discard)).id());
    assertEquals(1, launches.get());
  }

  @Test
  void anEngineThatDoesNotAnswerIsThePreparationsFailure() {
    DockerPreparation preparation = new DockerPreparation(vertx,
        () -> {
          throw new SandboxException("Docker does not answer");
        },
        List::of, () -> false, null);
    Throwable failure = assertThrows(RuntimeException.class, () -> Await.result(preparation.done()));
    assertTrue(failure.getMessage().contains("Docker does not answer"), failure.getMessage());
  }

  private DockerPreparation preparation(java.util.concurrent.Callable<Boolean> imageCheck) {
    return new DockerPreparation(vertx, () -> null, List::of, imageCheck, null);
  }

  private Future<SandboxInstance> launch() {
    String id = "sandbox-" + launches.incrementAndGet();
    return Future.succeededFuture(new SandboxInstance(id, id, new JupyterEndpoint("127.0.0.1", 1, "token"),
        Path.of("/tmp"), Instant.now()));
  }

  private Future<Void> discard(SandboxInstance instance) {
    discarded.add(instance.id());
    return Future.succeededFuture();
  }
}
