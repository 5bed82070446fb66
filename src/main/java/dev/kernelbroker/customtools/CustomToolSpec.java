package dev.kernelbroker.customtools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tool parsed from the source of one Python function: its name, description, parameter schema and source. */
public record CustomToolSpec(String name, String description, ObjectNode inputSchema, String source) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public CustomToolSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a tool name must be a Python identifier of at most 64 characters: " + name);
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(source, "source");
    inputSchema = inputSchema.deepCopy();
  }

  @Override
  public ObjectNode inputSchema() {
    return inputSchema.deepCopy();
  }
}
