package io.poolrelay.config.model;

import java.net.InetAddress;
import java.util.Objects;

/** A network in CIDR notation, such as {@code 127.0.0.0/8} or {@code ::1/128}. */
public record CidrBlock(InetAddress network, int prefixLength) {

  public CidrBlock {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + bits);
    }
  }

  /** True when {@code address} lies inside this network; an IPv4 address never matches an IPv6 block. */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    byte[] base = network.getAddress();
    if (candidate.length != base.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != base[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (candidate[fullBytes] & mask) == (base[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
