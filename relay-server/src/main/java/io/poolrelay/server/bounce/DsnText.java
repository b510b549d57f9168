package io.poolrelay.server.bounce;

import java.util.ArrayList;
import java.util.List;

/**
 * Text rules for the parts of a DSN that the composer writes itself: keep them 7-bit and keep every line
 * far below the 998-octet limit of RFC 5322 section 2.1.1. Pure functions, no state.
 */
final class DsnText {

  static final String CRLF = "\r\n";

  /** Longest line we write, without its CRLF; RFC 5322 allows 998, we keep a margin. */
  static final int MAX_LINE = 990;

  /** Where we fold header fields and wrap human text, as RFC 5322 recommends (78 with the CRLF). */
  static final int FOLD_AT = 76;

  /** A word longer than this is cut, so that one line can never pass {@link #MAX_LINE}. */
  static final int MAX_WORD = 900;

  private DsnText() {}

  static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  /**
   * Free text from a peer (reply text, host names) made safe for a 7-bit header field: control characters
   * become spaces, runs of white space collapse to one, and every non-ASCII code point becomes
   * {@code \x{HEX}}, the escape RFC 6533 section 3 defines for addresses. The escape keeps the text
   * readable and reversible, where replacing with {@code ?} would lose it.
   */
  static String sevenBit(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f) {
        out.append(' ');
      } else if (cp < 0x80) {
        out.appendCodePoint(cp);
      } else {
        out.append("\\x{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append('}');
      }
    });
    return out.toString().trim().replaceAll(" {2,}", " ");
  }

  /**
   * An address as RFC 3464 {@code address-type; address}: {@code rfc822; a@b} when it is ASCII, else
   * {@code utf-8; } and the RFC 6533 {@code utf-8-addr-xtext} form, which is 7-bit and allowed in
   * {@code message/delivery-status}.
   */
  static String typedAddress(String address) {
    if (isAscii(address)) {
      return "rfc822; " + address;
    }
    StringBuilder out = new StringBuilder();
    address.codePoints().forEach(cp -> {
      // QCHAR: printable ASCII except SP, '+', '=' and '\'.
      if (cp > 0x20 && cp < 0x7f && cp != '+' && cp != '=' && cp != '\\') {
        out.appendCodePoint(cp);
      } else {
        out.append("\\x{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append('}');
      }
    });
    return "utf-8; " + out;
  }

  /**
   * One header field, folded at white space near column {@value #FOLD_AT} (RFC 5322 section 2.2.3), each
   * line ending in CRLF. The value must already be 7-bit; words longer than {@value #MAX_WORD} are cut.
   */
  static String field(String name, String value) {
    List<String> lines = wrap(name + ": " + value, FOLD_AT);
    return String.join(CRLF + " ", lines) + CRLF;
  }

  /** Text wrapped at white space near {@code width}, one CRLF-terminated line per element joined. */
  static String paragraph(String text) {
    return String.join(CRLF, wrap(text, FOLD_AT)) + CRLF;
  }

  /**
   * Splits text at single spaces into lines near {@code width}; never yields an empty or blank line
   * (RFC 5322 forbids an all-white-space continuation line), and cuts over-long words.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split(" +")) {
      if (word.length() > MAX_WORD) {
        word = word.substring(0, MAX_WORD) + "...";
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
