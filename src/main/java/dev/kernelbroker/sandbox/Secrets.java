package dev.kernelbroker.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable values: Jupyter tokens and container names. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  static String token() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
