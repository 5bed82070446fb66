package dev.kernelbroker.jupyter;

/** JSON field names and fixed values of the Jupyter messaging protocol, spelled once. */
final class Wire {
  static final String PROTOCOL_VERSION = "5.3";

  static final String HEADER = "header";
  static final String PARENT_HEADER = "parent_header";
  static final String METADATA = "metadata";
  static final String CONTENT = "content";
  static final String BUFFERS = "buffers";
  static final String CHANNEL = "channel";

  static final String MSG_ID = "msg_id";
  static final String SESSION = "session";
  static final String USERNAME = "username";
  static final String DATE = "date";
  static final String MSG_TYPE = "msg_type";
  static final String VERSION = "version";

  static final String CODE = "code";
  static final String SILENT = "silent";
  static final String STORE_HISTORY = "store_history";
  static final String USER_EXPRESSIONS = "user_expressions";
  static final String ALLOW_STDIN = "allow_stdin";
  static final String STOP_ON_ERROR = "stop_on_error";

  static final String EXECUTION_STATE = "execution_state";
  static final String EXECUTION_COUNT = "execution_count";
  static final String STATUS = "status";
  static final String NAME = "name";
  static final String TEXT = "text";
  static final String DATA = "data";
  static final String ENAME = "ename";
  static final String EVALUE = "evalue";
  static final String TRACEBACK = "traceback";
  static final String WAIT = "wait";
  static final String VALUE = "value";

  static final String REPLY_OK = "ok";
  /** Our Bash and JavaScript kernels' execute_reply field: the shell or node was replaced, so its state is gone. */
  static final String STATE_RESET = "kb_state_reset";

  private Wire() {}
}
