package dev.kernelbroker.metrics;

/**
 * Every meter's name and tag, spelled once. Micrometer names with dots; the Prometheus registry turns them into
 * {@code kernelbroker_…} with the unit and {@code _total} suffixes (the README lists the exposed names).
 */
final class Meters {
  static final String EXECUTIONS = "kernelbroker.executions";
  static final String EXECUTION_DURATION = "kernelbroker.execution.duration";
  static final String CALL_OVERHEAD = "kernelbroker.call.overhead";
  static final String OUTPUT = "kernelbroker.output";
  static final String CPU = "kernelbroker.cpu";
  static final String SANDBOXES = "kernelbroker.sandboxes";
  static final String SANDBOXES_MAX = "kernelbroker.sandboxes.max";
  static final String CLAIM_WAIT = "kernelbroker.pool.claim.wait";
  static final String SESSIONS = "kernelbroker.sessions";
  static final String KERNEL_SESSIONS = "kernelbroker.kernel.sessions";
  static final String HTTP_REQUESTS = "kernelbroker.http.server.requests";
  static final String QUOTA_REFUSALS = "kernelbroker.quota.refusals";

  static final String LANGUAGE = "language";
  static final String OUTCOME = "outcome";
  static final String STATE = "state";
  static final String TRANSPORT = "transport";
  static final String CLIENT = "client";
  static final String LIMIT = "limit";
  static final String METHOD = "method";
  static final String ROUTE = "route";
  static final String STATUS = "status";

  private Meters() {}
}
