package io.poolrelay.server.spool;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-escapes a value so that it fits on one line of a spool file's head: every byte outside
 * printable ASCII, and space and '%', becomes {@code %XX}. Hint header values may be UTF-8 and contain
 * spaces; addresses normally pass unchanged.
 */
final class FieldEscaping {

  private FieldEscaping() {}

  static String escape(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c > 0x20 && c < 0x7F && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return out.toString();
  }

  static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          throw new IllegalArgumentException("truncated escape in '" + value + "'");
        }
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad escape in '" + value + "'");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
