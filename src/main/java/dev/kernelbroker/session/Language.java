package dev.kernelbroker.session;

/** The kernels a session has, by the kernelspec that runs them. */
public enum Language {
  PYTHON("python3", "Python"),
  BASH("bash", "Bash"),
  JAVASCRIPT("javascript", "JavaScript");

  private final String kernelSpec;
  private final String displayName;

  Language(String kernelSpec, String displayName) {
    this.kernelSpec = kernelSpec;
    this.displayName = displayName;
  }

  public String kernelSpec() {
    return kernelSpec;
  }

  public String displayName() {
    return displayName;
  }

  /** How callers name it (the REST API's {@code language}): the constant in lower case. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static java.util.Optional<Language> fromWire(String name) {
    return java.util.Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
  }
}
