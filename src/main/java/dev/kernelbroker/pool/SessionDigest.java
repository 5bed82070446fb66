package dev.kernelbroker.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a sandbox carries instead of its session's id: HMAC-SHA256 of the id under a per-installation key, so that
 * whoever reads labels or state files (anyone with access to the Docker engine or the namespace) can neither learn
 * a session id nor test guesses against it. 48 hex digits: 192 bits, and short enough for a Kubernetes label value.
 */
public final class SessionDigest {
  static final String KEY_FILE = "session.key";
  private static final int HEX_DIGITS = 48;

  private final SecretKeySpec key;

  private SessionDigest(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * The key given (BROKER_SESSION_KEY, shared by every broker replica that may adopt another's sandboxes), else the
   * one in {@code stateDir/session.key}, made (0600) on first use. Blocking.
   */
  public static SessionDigest load(Path stateDir, Optional<String> given) {
    if (given.isPresent()) {
      return new SessionDigest(given.get().getBytes(StandardCharsets.UTF_8));
    }
    Path file = stateDir.resolve(KEY_FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(stateDir);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path partial = Files.createTempFile(stateDir, KEY_FILE, ".new",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, HexFormat.of().formatHex(fresh), StandardOpenOption.TRUNCATE_EXISTING);
        try {
          Files.move(partial, file); // not over an existing one: a broker that raced us made the key first
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          Files.deleteIfExists(partial);
        }
      }
      return new SessionDigest(HexFormat.of().parseHex(Files.readString(file).strip()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read or create the session key " + file + ": " + e.getMessage(), e);
    }
  }

  public String of(String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)))
          .substring(0, HEX_DIGITS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
