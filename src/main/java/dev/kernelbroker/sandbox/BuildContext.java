package dev.kernelbroker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The sandbox image's build context ({@code container/} and {@code entrypoint.sh}), which the build packs into
 * the jar under {@code sandbox-context/}, so the broker can build its image from wherever it runs.
 */
final class BuildContext {
  static final String DOCKERFILE = "container/Dockerfile";
  private static final String ROOT = "/sandbox-context";

  private final Map<String, byte[]> files;

  private BuildContext(Map<String, byte[]> files) {
    this.files = files;
  }

  static BuildContext fromClasspath() {
    URL marker = BuildContext.class.getResource(ROOT + "/" + DOCKERFILE);
    if (marker == null) {
      throw new SandboxException("the sandbox build context is missing from the classpath (" + ROOT + "); rebuild the"
          + " jar with mvn package");
    }
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        String inner = uri.getSchemeSpecificPart();
        return readJar(Path.of(URI.create(inner.substring(0, inner.indexOf("!/")))));
      }
      return read(Path.of(uri).getParent().getParent());
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      throw new SandboxException("cannot read the sandbox build context: " + e.getMessage(), e);
    }
  }

  /**
   * Through {@link ZipFile}, which shares the directory of the jar the JVM has already read: a zip file system would
   * read the directory of all the jar's entries anew, tens of milliseconds of a cold start (issue 9).
   */
  private static BuildContext readJar(Path jar) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    String prefix = ROOT.substring(1) + "/";
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!entry.isDirectory() && name.startsWith(prefix) && bundled(name)) {
          try (InputStream in = zip.getInputStream(entry)) {
            files.put(name.substring(prefix.length()), in.readAllBytes());
          }
        }
      }
    }
    return new BuildContext(files);
  }

  /** Whether a file is part of the context; both readers must agree, or the digest would tell a kept image stale. */
  private static boolean bundled(String name) {
    return !name.contains("__pycache__");
  }

  private static BuildContext read(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/');
        if (bundled(name)) {
          files.put(name, Files.readAllBytes(p));
        }
      }
    }
    return new BuildContext(files);
  }

  /** The files below {@code prefix}, keyed by their path relative to it. */
  Map<String, byte[]> filesUnder(String prefix) {
    Map<String, byte[]> under = new TreeMap<>();
    files.forEach((name, bytes) -> {
      if (name.startsWith(prefix)) {
        under.put(name.substring(prefix.length()), bytes);
      }
    });
    return under;
  }

  /** A digest of every path and byte, so an image built from other sources can be told apart. */
  String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] tar() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(file.getKey().endsWith(".sh") ? 0100755 : 0100644);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }
}
