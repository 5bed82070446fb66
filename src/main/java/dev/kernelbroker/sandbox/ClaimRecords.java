package dev.kernelbroker.sandbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a later broker needs to adopt a Docker sandbox a session claimed: the session's digest, the Jupyter token and
 * the workspace folder, with the broker that holds it now. One 0600 file per sandbox in a 0700 folder of the broker's
 * own, not in the sandbox's run folder: the sandbox could rewrite a file it sees, and Docker labels cannot change
 * after the container is created (and would show the token to anyone who may inspect containers). Blocking.
 */
final class ClaimRecords {
  /** One sandbox's claim; {@code ownerPid} and {@code ownerHost} name the broker that holds it now. */
  record Claim(String sessionDigest, String token, Path workspace, long ownerPid, String ownerHost) {}

  private static final Logger LOG = LoggerFactory.getLogger(ClaimRecords.class);

  private final Path dir;

  ClaimRecords(Path stateDir) {
    this.dir = stateDir.resolve("claims");
  }

  void write(String sandboxName, Claim claim) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Path partial = Files.createTempFile(dir, sandboxName, ".new",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(partial, new JsonObject().put("session", claim.sessionDigest()).put("token", claim.token())
          .put("workspace", claim.workspace().toString()).put("ownerPid", claim.ownerPid())
          .put("ownerHost", claim.ownerHost()).encode());
      Files.move(partial, file(sandboxName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SandboxException("cannot record the claim of sandbox " + sandboxName + " in " + dir + ": " + e, e);
    }
  }

  Optional<Claim> read(String sandboxName) {
    Path file = file(sandboxName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file));
      return Optional.of(new Claim(json.getString("session"), json.getString("token"),
          Path.of(json.getString("workspace")), json.getLong("ownerPid", -1L), json.getString("ownerHost", "")));
    } catch (IOException | DecodeException | ClassCastException | NullPointerException e) {
      LOG.warn("Ignoring the unreadable claim record {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** The sandboxes that have a claim record. */
  java.util.Set<String> names() {
    if (!Files.isDirectory(dir)) {
      return java.util.Set.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      LOG.debug("could not list {}: {}", dir, e.toString());
      return java.util.Set.of();
    }
  }

  void delete(String sandboxName) {
    try {
      Files.deleteIfExists(file(sandboxName));
    } catch (IOException e) {
      LOG.debug("could not remove the claim record of {}: {}", sandboxName, e.toString());
    }
  }

  private Path file(String sandboxName) {
    return dir.resolve(sandboxName + ".json");
  }
}
