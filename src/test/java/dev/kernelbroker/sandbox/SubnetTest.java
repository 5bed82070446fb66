package dev.kernelbroker.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubnetTest {
  @Test
  void containsExactlyTheAddressesOfItsPrefix() {
    Subnet docker = Subnet.parse("172.19.0.0/16");
    assertTrue(docker.contains("172.19.0.1"));
    assertTrue(docker.contains("172.19.255.254"));
    assertFalse(docker.contains("172.20.0.1"));
    assertFalse(docker.contains("127.0.0.1"));
    assertFalse(docker.contains("::1"), "another family");
    assertFalse(docker.contains("localhost"), "names are never looked up");
    assertTrue(Subnet.parse("10.1.2.3/32").contains("10.1.2.3"));
    assertTrue(Subnet.parse("fd00::/8").contains("fd12::5"));
    assertThrows(IllegalArgumentException.class, () -> Subnet.parse("172.19.0.0/33"));
  }
}
