package io.poolrelay.config.load;

import io.poolrelay.config.model.CidrBlock;
import io.poolrelay.config.model.HostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code host:port} and CIDR notation. Address literals are parsed without any name lookup: a
 * configuration check must not depend on DNS, nor wait for it. Messages do not repeat the input,
 * which the caller quotes as written (it may have come from a secret reference).
 */
final class NetworkSyntax {

  private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
  private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\]:([^:]*)");
  private static final Pattern HOST_AND_PORT = Pattern.compile("([^:\\[\\]\\s]+):([^:]*)");

  private NetworkSyntax() {}

  /**
   * Parses {@code 127.0.0.1:2525}, {@code mail.example.com:25} or {@code [::1]:2525}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static HostPort hostPort(String text) {
    String trimmed = text.strip();
    Matcher bracketed = BRACKETED.matcher(trimmed);
    if (bracketed.matches()) {
      String host = bracketed.group(1);
      if (!host.contains(":") || parseLiteral(host) == null) {
        throw new IllegalArgumentException("the part in brackets is not an IPv6 address");
      }
      return new HostPort(host, port(bracketed.group(2)));
    }
    Matcher plain = HOST_AND_PORT.matcher(trimmed);
    if (plain.matches()) {
      return new HostPort(plain.group(1), port(plain.group(2)));
    }
    if (trimmed.indexOf(':') != trimmed.lastIndexOf(':')) {
      throw new IllegalArgumentException("write an IPv6 address in brackets, such as [::1]:2525");
    }
    throw new IllegalArgumentException("expected host:port, such as 127.0.0.1:2525");
  }

  /**
   * Parses {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a single host (/32 or /128).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static CidrBlock cidr(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = parseLiteral(addressText);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address");
    }
    int bits = address.getAddress().length * 8;
    if (slash < 0) {
      return new CidrBlock(address, bits);
    }
    String prefixText = trimmed.substring(slash + 1);
    if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > bits) {
      throw new IllegalArgumentException("prefix length must be 0.." + bits);
    }
    return new CidrBlock(address, Integer.parseInt(prefixText));
  }

  /**
   * Whether {@code host} is {@code localhost} or a loopback literal (127.0.0.0/8, ::1). Any other name
   * counts as not loopback: without a lookup a name may point anywhere, and with one the answer
   * would depend on DNS at load time.
   */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    InetAddress address = parseLiteral(host);
    return address != null && address.isLoopbackAddress();
  }

  private static int port(String text) {
    if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    return Integer.parseInt(text);
  }

  /** An IPv4 or IPv6 literal, or null; never a name lookup. */
  private static InetAddress parseLiteral(String text) {
    try {
      Matcher v4 = IPV4.matcher(text);
      if (v4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(v4.group(i + 1));
          if (octet > 255) {
            return null;
          }
          bytes[i] = (byte) octet;
        }
        return InetAddress.getByAddress(bytes);
      }
      // With a colon in it, InetAddress treats the text as an IPv6 literal and does not look it up.
      if (text.contains(":") && text.matches("[0-9A-Fa-f:.%a-zA-Z]+")) {
        return InetAddress.getByName(text);
      }
      return null;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
