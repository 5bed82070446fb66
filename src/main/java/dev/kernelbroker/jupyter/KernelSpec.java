package dev.kernelbroker.jupyter;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** One installed kernelspec: its name, language and display name. */
public record KernelSpec(String name, String language, String displayName) {

  public KernelSpec {
    Objects.requireNonNull(name, "name");
    language = language == null ? "" : language;
    displayName = displayName == null ? name : displayName;
  }

  static KernelSpec fromJson(String name, JsonObject json) {
    JsonObject spec = json.getJsonObject("spec", new JsonObject());
    return new KernelSpec(name, spec.getString("language"), spec.getString("display_name"));
  }
}
