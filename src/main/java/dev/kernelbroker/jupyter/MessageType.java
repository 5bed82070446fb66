package dev.kernelbroker.jupyter;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The Jupyter message types this client sends or reads, each with its wire name. */
public enum MessageType {
  EXECUTE_REQUEST("execute_request"),
  EXECUTE_REPLY("execute_reply"),
  EXECUTE_INPUT("execute_input"),
  EXECUTE_RESULT("execute_result"),
  KERNEL_INFO_REQUEST("kernel_info_request"),
  KERNEL_INFO_REPLY("kernel_info_reply"),
  STATUS("status"),
  STREAM("stream"),
  DISPLAY_DATA("display_data"),
  UPDATE_DISPLAY_DATA("update_display_data"),
  ERROR("error"),
  CLEAR_OUTPUT("clear_output"),
  INPUT_REQUEST("input_request"),
  INPUT_REPLY("input_reply"),
  /** Anything else the kernel may send; kept so unknown messages never break parsing. */
  OTHER("");

  private static final Map<String, MessageType> BY_WIRE = Arrays.stream(values()).filter(t -> t != OTHER)
      .collect(Collectors.toUnmodifiableMap(MessageType::wire, t -> t));

  private final String wire;

  MessageType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Every message's header is looked up here, often more than once: a map, not a scan of a fresh values() copy. */
  public static MessageType fromWire(String name) {
    return name == null ? OTHER : BY_WIRE.getOrDefault(name, OTHER);
  }
}
