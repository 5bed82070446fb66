package dev.kernelbroker.jupyter;

/** A Jupyter call or wait that failed; the message names what was asked and what came back. */
public class JupyterException extends RuntimeException {
  private final int statusCode;

  public JupyterException(String message) {
    this(message, -1, null);
  }

  public JupyterException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  public JupyterException(String message, int statusCode, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** The HTTP status that caused this, or -1 when there was none (timeout, connection error). */
  public int statusCode() {
    return statusCode;
  }
}
