package dev.kernelbroker.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** Checks a tool's arguments against what its schema says, with messages a model can act on. */
final class ArgumentCheck {
  /** A refused argument; the tool answers "Invalid arguments: ..." as an isError result. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final ObjectNode args;

  ArgumentCheck(ObjectNode args, List<String> allowed) {
    this.args = args;
    for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new Invalid("unknown argument '" + name + "' (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  String requiredString(String name, String what) {
    JsonNode value = args.get(name);
    if (value == null || !value.isTextual()) {
      throw new Invalid("'" + name + "' is required and must be a string: " + what);
    }
    return value.asText();
  }

  String optionalString(String name, String fallback, List<String> choices) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual() || (!choices.isEmpty() && !choices.contains(value.asText()))) {
      throw new Invalid("'" + name + "' must be " + (choices.isEmpty() ? "a string" : "one of " + choices)
          + ", got " + value);
    }
    return value.asText();
  }

  boolean optionalBoolean(String name, boolean fallback) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new Invalid("'" + name + "' must be true or false, got " + value);
    }
    return value.asBoolean();
  }

  int optionalInt(String name, int fallback, int min, int max) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      throw new Invalid("'" + name + "' must be a whole number from " + min + " to " + max + ", got " + value);
    }
    return value.asInt();
  }
}
