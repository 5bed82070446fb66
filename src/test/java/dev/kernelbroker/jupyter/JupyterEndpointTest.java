package dev.kernelbroker.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A Jupyter Server's address: a TCP port, or a Unix socket dialled directly. */
class JupyterEndpointTest {
  @Test
  void aTcpEndpointNamesItsHostAndPort() {
    JupyterEndpoint endpoint = new JupyterEndpoint("10.1.2.3", 8888, "secret");
    assertTrue(endpoint.server().isInetSocket());
    assertEquals("10.1.2.3", endpoint.host());
    assertEquals(8888, endpoint.port());
    assertEquals("JupyterEndpoint[10.1.2.3:8888]", endpoint.toString());
  }

  @Test
  void aSocketEndpointIsDialledAtItsPathAndNamesALoopbackHost() {
    JupyterEndpoint endpoint = JupyterEndpoint.unixSocket(Path.of("/run/x/jupyter.sock"), "secret");
    assertTrue(endpoint.server().isDomainSocket());
    assertEquals("/run/x/jupyter.sock", endpoint.server().path());
    // what HTTP names as the server (the Host header): Jupyter's host check accepts a loopback address
    assertEquals("127.0.0.1", endpoint.host());
    assertEquals(8888, endpoint.port());
    assertEquals("JupyterEndpoint[unix:/run/x/jupyter.sock]", endpoint.toString());
  }

  @Test
  void theTokenStaysOutOfItsText() {
    assertFalse(new JupyterEndpoint("127.0.0.1", 1, "s3cr3t").toString().contains("s3cr3t"));
    assertFalse(JupyterEndpoint.unixSocket(Path.of("/s"), "s3cr3t").toString().contains("s3cr3t"));
  }

  @Test
  void refusesWhatCannotBeDialled() {
    assertThrows(IllegalArgumentException.class, () -> new JupyterEndpoint(" ", 8888, "t"));
    assertThrows(IllegalArgumentException.class, () -> new JupyterEndpoint("h", 0, "t"));
    assertThrows(IllegalArgumentException.class, () -> new JupyterEndpoint("h", 8888, " "));
    assertThrows(NullPointerException.class, () -> new JupyterEndpoint("h", 8888, null));
  }
}
