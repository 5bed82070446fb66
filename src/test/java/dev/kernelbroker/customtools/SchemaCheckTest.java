package dev.kernelbroker.customtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kernelbroker.mcp.protocol.McpJson;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against a schema as the sandbox's parser derives it (see custom_tool.py). */
class SchemaCheckTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"width\"],"
      + "\"properties\":{\"width\":{\"type\":\"number\"},\"count\":{\"type\":\"integer\"},"
      + "\"unit\":{\"enum\":[\"m\",\"cm\"],\"type\":\"string\"},"
      + "\"tags\":{\"anyOf\":[{\"type\":\"array\",\"items\":{\"type\":\"string\"}},{\"type\":\"null\"}]},"
      + "\"meta\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}}}";

  private static Optional<String> check(String args) throws Exception {
    JsonNode schema = McpJson.MAPPER.readTree(SCHEMA);
    return SchemaCheck.problem(schema, McpJson.MAPPER.readTree(args), "");
  }

  @Test
  void acceptsWhatFits() throws Exception {
    assertEquals(Optional.empty(), check("{\"width\":3}"));
    assertEquals(Optional.empty(), check("{\"width\":3.5,\"count\":2.0,\"unit\":\"cm\",\"tags\":null,\"meta\":{\"a\":1}}"));
    assertEquals(Optional.empty(), check("{\"width\":1,\"tags\":[\"x\",\"y\"]}"));
  }

  @Test
  void namesWhatDoesNot() throws Exception {
    assertEquals("the arguments lack the required 'width'", check("{}").orElseThrow());
    assertTrue(check("{\"width\":\"3\"}").orElseThrow().startsWith("'width' must be a number"));
    assertTrue(check("{\"width\":1,\"count\":1.5}").orElseThrow().startsWith("'count' must be an integer"));
    assertTrue(check("{\"width\":1,\"unit\":\"km\"}").orElseThrow().contains("one of [\"m\",\"cm\"]"));
    assertTrue(check("{\"width\":1,\"tags\":[1]}").orElseThrow().startsWith("'tags' does not match"));
    assertTrue(check("{\"width\":1,\"meta\":{\"a\":\"x\"}}").orElseThrow().startsWith("'meta'.a must be an integer"));
    assertTrue(check("{\"width\":1,\"colour\":\"red\"}").orElseThrow().startsWith("unknown argument 'colour'"));
  }
}
