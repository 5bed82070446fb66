package dev.kernelbroker.mcp.server;

/** The one-shot signal behind {@link CancellationSignal}. */
final class Cancellation implements CancellationSignal {
  private final OneShot cancelled = new OneShot("cancellation");

  @Override
  public boolean isCancelled() {
    return cancelled.happened();
  }

  @Override
  public void onCancel(Runnable action) {
    cancelled.then(action);
  }

  void cancel() {
    cancelled.fire(() -> { });
  }
}
