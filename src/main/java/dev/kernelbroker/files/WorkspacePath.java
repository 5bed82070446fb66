package dev.kernelbroker.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A path inside a session's {@code /workspace}, as the code in the sandbox sees it, checked and normalised: no
 * {@code ..}, no absolute path elsewhere. Stored relative ({@code ""} is the workspace itself). Resource URIs are
 * {@code file:///workspace/<path>}: the same path the code uses, so a model can pass a link's path back to its code.
 */
public record WorkspacePath(String relative) {
  public static final String MOUNT = "/workspace";
  public static final String URI_PREFIX = "file://" + MOUNT + "/";
  /** The RFC 6570 template of every workspace file's URI. */
  public static final String URI_TEMPLATE = "file://" + MOUNT + "/{+path}";
  public static final WorkspacePath ROOT = new WorkspacePath("");
  private static final int MAX_LENGTH = 4096;

  public WorkspacePath {
    Objects.requireNonNull(relative, "relative");
    if (!relative.isEmpty()) {
      for (String name : relative.split("/", -1)) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
          throw new IllegalArgumentException("not a normalised workspace path: " + relative);
        }
      }
    }
  }

  /**
   * Reads what a caller wrote: {@code data/in.csv}, {@code ./data/in.csv} or {@code /workspace/data/in.csv}.
   * {@code ..} is refused outright (even when it would stay inside), as is any other absolute path.
   */
  public static WorkspacePath parse(String raw) {
    if (raw == null) {
      throw WorkspaceFileException.invalid("a path is required");
    }
    if (raw.length() > MAX_LENGTH || raw.indexOf('\0') >= 0) {
      throw WorkspaceFileException.invalid("the path is longer than " + MAX_LENGTH + " characters or holds a NUL");
    }
    String path = raw.strip().replace('\\', '/');
    if (path.startsWith("/")) {
      if (!path.equals(MOUNT) && !path.startsWith(MOUNT + "/")) {
        throw WorkspaceFileException.outside(raw, "absolute paths must be under " + MOUNT);
      }
      path = path.substring(MOUNT.length());
    }
    List<String> names = new ArrayList<>();
    for (String name : path.split("/")) {
      if (name.equals("..")) {
        throw WorkspaceFileException.outside(raw, "'..' is not allowed");
      }
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    return new WorkspacePath(String.join("/", names));
  }

  /** The path of a {@code file:///workspace/...} URI; empty-handed callers get not-found. */
  public static WorkspacePath fromUri(String uri) {
    if (uri == null || !uri.startsWith(URI_PREFIX)) {
      throw WorkspaceFileException.notFound(String.valueOf(uri));
    }
    try {
      return parse(new URI(uri).getPath());
    } catch (URISyntaxException e) {
      throw WorkspaceFileException.invalid("not a URI: " + uri);
    }
  }

  public boolean isRoot() {
    return relative.isEmpty();
  }

  public List<String> names() {
    return relative.isEmpty() ? List.of() : Arrays.asList(relative.split("/"));
  }

  public String fileName() {
    return relative.substring(relative.lastIndexOf('/') + 1);
  }

  public WorkspacePath parent() {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? ROOT : new WorkspacePath(relative.substring(0, slash));
  }

  public WorkspacePath child(String name) {
    return new WorkspacePath(relative.isEmpty() ? name : relative + "/" + name);
  }

  public boolean startsWith(WorkspacePath other) {
    return other.isRoot() || relative.equals(other.relative) || relative.startsWith(other.relative + "/");
  }

  /** As the sandbox's code writes it: {@code /workspace/data/in.csv}. */
  public String sandboxPath() {
    return relative.isEmpty() ? MOUNT : MOUNT + "/" + relative;
  }

  public String uri() {
    try {
      return new URI("file", "", sandboxPath(), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return sandboxPath();
  }
}
