package dev.kernelbroker.sandbox;

/** The uid:gid a sandbox runs as: never root, and the owner of the workspace folder it writes into. */
public record SandboxUser(int uid, int gid) {
  static final SandboxUser IMAGE_DEFAULT = new SandboxUser(1000, 1000);

  public SandboxUser {
    if (uid <= 0 || gid < 0) {
      throw new SandboxException("the sandbox must not run as root (uid " + uid + ", gid " + gid + ")");
    }
  }

  String spec() {
    return uid + ":" + gid;
  }
}
