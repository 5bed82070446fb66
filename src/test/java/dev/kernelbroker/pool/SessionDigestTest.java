package dev.kernelbroker.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sandboxes carry instead of session ids. */
class SessionDigestTest {
  @TempDir
  Path state;

  @Test
  void theKeyFileIsMadeOncePrivatelyAndGivesTheSameDigestsAcrossLoads() throws Exception {
    SessionDigest first = SessionDigest.load(state, Optional.empty());
    Path key = state.resolve(SessionDigest.KEY_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String digest = first.of("0123456789abcdef0123456789abcdef");
    assertEquals(48, digest.length());
    assertTrue(digest.matches("[0-9a-f]{48}"), "a valid Kubernetes label value");
    assertFalse(digest.contains("0123456789abcdef"));
    assertEquals(digest, SessionDigest.load(state, Optional.empty()).of("0123456789abcdef0123456789abcdef"));
    assertNotEquals(digest, first.of("0123456789abcdef0123456789abcdee"));
  }

  @Test
  void anotherKeyGivesOtherDigests() {
    String id = "0123456789abcdef0123456789abcdef";
    assertNotEquals(SessionDigest.load(state, Optional.of("a".repeat(32))).of(id),
        SessionDigest.load(state, Optional.of("b".repeat(32))).of(id));
    assertEquals(SessionDigest.load(state, Optional.of("a".repeat(32))).of(id),
        SessionDigest.load(state.resolve("elsewhere"), Optional.of("a".repeat(32))).of(id), "replicas agree");
  }
}
