package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keep mode's claim records: what a later broker reads back, readable by the broker's user only. */
class ClaimRecordsTest {
  @TempDir
  Path state;

  @Test
  void aClaimIsWrittenPrivatelyReadBackListedAndDeleted() throws Exception {
    ClaimRecords records = new ClaimRecords(state);
    ClaimRecords.Claim claim = new ClaimRecords.Claim("ab".repeat(24), "token-1", state.resolve("ws"), 4242, "host");
    records.write("kernel-broker-1", claim);
    Path file = state.resolve("claims").resolve("kernel-broker-1.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals(claim, records.read("kernel-broker-1").orElseThrow());
    assertEquals(Set.of("kernel-broker-1"), records.names());

    records.write("kernel-broker-1", new ClaimRecords.Claim(claim.sessionDigest(), claim.token(), claim.workspace(),
        99, "other"));
    assertEquals(99, records.read("kernel-broker-1").orElseThrow().ownerPid(), "an adopting broker takes it over");
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no partial files left behind");
    }
    records.delete("kernel-broker-1");
    assertTrue(records.read("kernel-broker-1").isEmpty());
    assertTrue(records.names().isEmpty());
  }

  @Test
  void anUnreadableRecordIsIgnored() throws Exception {
    Files.createDirectories(state.resolve("claims"));
    Files.writeString(state.resolve("claims").resolve("kernel-broker-2.json"), "{not json");
    assertTrue(new ClaimRecords(state).read("kernel-broker-2").isEmpty());
  }
}
