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
}
