package dev.kernelbroker.sandbox;

/** The sandbox could not be prepared, started or reached; the message says what was awaited and why. */
public final class SandboxException extends RuntimeException {
  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
