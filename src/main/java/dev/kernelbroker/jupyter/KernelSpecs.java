package dev.kernelbroker.jupyter;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The kernelspecs a Jupyter Server offers, by name, and which one is its default. */
public record KernelSpecs(String defaultName, Map<String, KernelSpec> specs) {

  public KernelSpecs {
    Objects.requireNonNull(specs, "specs");
    specs = Map.copyOf(specs);
    defaultName = defaultName == null ? "" : defaultName;
  }

  public boolean has(String name) {
    return specs.containsKey(name);
  }

  static KernelSpecs fromJson(JsonObject json) {
    Map<String, KernelSpec> specs = new TreeMap<>();
    JsonObject all = json.getJsonObject("kernelspecs", new JsonObject());
    for (String name : all.fieldNames()) {
      specs.put(name, KernelSpec.fromJson(name, all.getJsonObject(name)));
    }
    return new KernelSpecs(json.getString("default"), specs);
  }
}
