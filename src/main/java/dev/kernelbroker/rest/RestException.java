package dev.kernelbroker.rest;

/** A request the REST API refuses: its HTTP status, a stable code, and a message that says what to change. */
final class RestException extends RuntimeException {
  private final int status;
  private final String code;

  RestException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static RestException badRequest(String message) {
    return new RestException(400, "bad_request", message);
  }

  static RestException notFound(String message) {
    return new RestException(404, "not_found", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
