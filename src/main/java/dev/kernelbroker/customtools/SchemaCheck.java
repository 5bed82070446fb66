package dev.kernelbroker.customtools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Checks arguments against the schemas {@link CustomTools#parse} derives, which use only type, enum, anyOf, items,
 * properties, required and additionalProperties: so this small subset of JSON Schema is all it needs.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The first problem, naming where it is, or empty when {@code value} conforms. */
  static Optional<String> problem(JsonNode schema, JsonNode value, String where) {
    if (schema.has("anyOf")) {
      for (JsonNode option : schema.get("anyOf")) {
        if (problem(option, value, where).isEmpty()) {
          return Optional.empty();
        }
      }
      return Optional.of(where + " does not match any of the allowed types, got " + brief(value));
    }
    if (schema.has("enum")) {
      for (JsonNode allowed : schema.get("enum")) {
        if (allowed.equals(value) || (allowed.isNumber() && value.isNumber()
            && allowed.decimalValue().compareTo(value.decimalValue()) == 0)) {
          return Optional.empty();
        }
      }
      return Optional.of(where + " must be one of " + schema.get("enum") + ", got " + brief(value));
    }
    String type = schema.path("type").asText("");
    boolean fits = switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros()
          .scale() <= 0);
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
    if (!fits) {
      return Optional.of(where + " must be " + (type.equals("integer") ? "an " : "a ") + type + ", got "
          + brief(value));
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        Optional<String> inner = problem(schema.get("items"), value.get(i), where + "[" + i + "]");
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return value.isObject() ? objectProblem(schema, value, where) : Optional.empty();
  }

  private static Optional<String> objectProblem(JsonNode schema, JsonNode value, String where) {
    JsonNode properties = schema.path("properties");
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        return Optional.of((where.isEmpty() ? "the arguments lack" : where + " lacks") + " the required '"
            + required.asText() + "'");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = where.isEmpty() ? "'" + field.getKey() + "'" : where + "." + field.getKey();
      JsonNode own = properties.get(field.getKey());
      JsonNode extra = schema.get("additionalProperties");
      if (own == null && extra != null && extra.isBoolean() && !extra.asBoolean()) {
        return Optional.of("unknown argument " + at + " (allowed: " + String.join(", ", names(properties)) + ")");
      }
      JsonNode sub = own != null ? own : extra != null && extra.isObject() ? extra : null;
      Optional<String> inner = sub == null ? Optional.empty() : problem(sub, field.getValue(), at);
      if (inner.isPresent()) {
        return inner;
      }
    }
    return Optional.empty();
  }

  private static java.util.List<String> names(JsonNode properties) {
    java.util.List<String> names = new java.util.ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String brief(JsonNode value) {
    String text = value.toString();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
