package dev.kernelbroker.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An IP network in CIDR form, such as a Docker network's {@code 172.19.0.0/16}. */
record Subnet(byte[] base, int prefix) {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  Subnet {
    Objects.requireNonNull(base, "base");
    if (prefix < 0 || prefix > base.length * 8) {
      throw new IllegalArgumentException("prefix " + prefix + " does not fit a " + base.length * 8 + "-bit address");
    }
  }

  static Subnet parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    return new Subnet(literal(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
  }

  /** Whether {@code address} (an IP literal) lies in this network. */
  boolean contains(String address) {
    byte[] ip;
    try {
      ip = literal(address);
    } catch (IllegalArgumentException notAnIp) {
      return false;
    }
    if (ip.length != base.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((ip[bit / 8] & mask) != (base[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] literal(String ip) {
    if (!IP_LITERAL.matcher(ip).matches()) { // an IP literal only: never a name to look up
      throw new IllegalArgumentException("not an IP address: " + ip);
    }
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
