package dev.kernelbroker.files;

/** Why a file operation was refused; {@link Reason} lets each face map it (HTTP status, tool error, JSON-RPC). */
public final class WorkspaceFileException extends RuntimeException {
  public enum Reason { INVALID, OUTSIDE, NOT_FOUND, NOT_A_FILE, TOO_LARGE, EXPIRED, LIMIT, FAILED }

  private final Reason reason;

  public WorkspaceFileException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static WorkspaceFileException invalid(String message) {
    return new WorkspaceFileException(Reason.INVALID, "Invalid path: " + message);
  }

  static WorkspaceFileException outside(String path, String why) {
    return new WorkspaceFileException(Reason.OUTSIDE, "Refused: " + path + " is outside /workspace (" + why + ")");
  }

  static WorkspaceFileException notFound(String path) {
    return new WorkspaceFileException(Reason.NOT_FOUND, "Not found: " + path);
  }

  public static WorkspaceFileException tooLarge(String what, long size, long limit, String setting) {
    return new WorkspaceFileException(Reason.TOO_LARGE, what + " is " + size + " bytes, over the limit of " + limit
        + " bytes (" + setting + ")");
  }

  public static WorkspaceFileException limit(String message) {
    return new WorkspaceFileException(Reason.LIMIT, message);
  }
}
