package dev.kernelbroker.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which broker holds a sandbox Pod: the broker's own Pod (its name is the host name in a cluster) and namespace, as
 * label values. A name that is not a valid label value is hashed.
 */
record BrokerIdentity(String name, String namespace) {
  private static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";

  BrokerIdentity {
    name = labelValue(name);
    namespace = labelValue(namespace);
  }

  static String labelValue(String raw) {
    if (raw != null && raw.matches(LABEL_VALUE)) {
      return raw;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(raw).getBytes(StandardCharsets.UTF_8));
      return "h-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
