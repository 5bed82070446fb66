package dev.kernelbroker.tools;

import dev.kernelbroker.config.ExecutionSettings;
import dev.kernelbroker.config.NetworkMode;
import dev.kernelbroker.config.SandboxSettings;
import dev.kernelbroker.config.WorkspaceMode;
import dev.kernelbroker.packages.PackageInstaller;
import dev.kernelbroker.session.Language;

/** What a model needs to know to use the tools well; kept together so the texts stay consistent. */
final class ToolDescriptions {
  /** The Node.js the sandbox image ships (Debian trixie's nodejs package). */
  private static final String NODE = "20";

  private ToolDescriptions() {}

  static String execute(Language language, ExecutionSettings limits, SandboxSettings sandbox,
      PackageInstaller installer) {
    String workspace = sandbox.workspaceMode() == WorkspaceMode.SHARED
        ? " The working directory /workspace is the user's shared folder: files written there are visible to the"
            + " user and kept between conversations."
        : " The working directory /workspace is this conversation's own folder, removed when the conversation"
            + " ends" + (sandbox.keepSessionWorkspaces() ? " unless it holds files." : ".");
    String network = sandbox.network() == NetworkMode.NONE ? " The sandbox has no network access." : "";
    String common = " State persists between calls, like cells of one notebook: this conversation has its own"
        + " sandbox and kernels, never shared with another client." + workspace + network
        + " There is no stdin: code that waits for input fails at once. Timeout: "
        + limits.defaultTimeout().toSeconds() + " s by default, at most "
        + limits.maxTimeout().toSeconds() + " s (timeout_seconds); on timeout the code is interrupted, and the"
        + " result says whether the session's state survived. Output beyond " + limits.maxOutputChars()
        + " characters is cut in the middle, and the whole output is saved to a file under"
        + " /workspace/.kernel-broker/outputs whose path the result gives. Files the code creates or changes are"
        + " linked in the result. Errors come back with isError true and the full error text.";
    return switch (language) {
      case PYTHON -> "Run Python 3 code in a persistent IPython kernel inside a sandbox container."
          + " Installed: numpy, pandas, scipy, matplotlib, seaborn, pillow, requests, openpyxl. " + installs(installer)
          + " The value of the last expression is shown, as in a notebook."
          + " Plots (plt.show() or a figure as the last expression) come back as PNG images." + common;
      case BASH -> "Run Bash commands in a persistent shell inside the same sandbox container as the Python"
          + " kernel (same /workspace files). cd, exported and plain variables, functions and aliases persist."
          + " stdout and stderr are reported separately; a non-zero exit status of the last command is an error."
          + " Common tools: coreutils, grep, sed, awk, curl, git, python3, node." + common;
      case JAVASCRIPT -> "Run JavaScript in a persistent Node.js " + NODE + " kernel inside the same sandbox container"
          + " (same /workspace files). Top-level let, const, function and class persist between calls; top-level"
          + " await works; require() loads Node's built-in modules (fs, path, child_process, ...) and anything in"
          + " /workspace/node_modules (there is no npm in the sandbox). console.log is stdout, console.error stderr;"
          + " the value of the last expression is shown (util.inspect). A thrown exception is an error with its"
          + " stack. process.exit() ends Node: a new one is started and every binding is lost." + common;
    };
  }

  private static String installs(PackageInstaller installer) {
    String unavailable = installer.unavailable();
    if (unavailable != null) {
      return "Missing packages cannot be installed here (" + unavailable + ").";
    }
    return "A module the code imports that is not installed is installed with pip first (from "
        + installer.settings().describeIndex() + ", for example import sklearn installs scikit-learn); the result"
        + " says what was installed, and if a package cannot be found the code does not run. install_packages"
        + " installs packages explicitly.";
  }

  static String installPackages(PackageInstaller installer) {
    String unavailable = installer.unavailable();
    return "Install Python packages with pip into this conversation's sandbox (language python; a folder under /tmp"
        + " on the Python kernel's path, gone when the sandbox is replaced), for example packages"
        + " [\"scikit-learn\", \"requests==2.32.3\"]. Imports of missing packages are already installed"
        + " automatically before Python code runs; use this for a version pin or a package whose import name"
        + " differs. Bash cannot install anything system-wide (read-only root, no root rights) and JavaScript has"
        + " no npm in the sandbox: both are answered with an explanation."
        + (unavailable == null ? "" : " In this deployment " + unavailable + ".");
  }

  static String status() {
    return "Show this conversation's own sandbox (container, network, workspace mode, resource limits), its Python,"
        + " Bash and JavaScript kernels (state: idle, busy, dead or not started; execution count; last activity), the"
        + " CPU time and memory its calls used, your quota (limits and what is used of them), and broker-wide counts."
        + " Starts nothing.";
  }
}
