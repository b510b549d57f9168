package io.poolrelay.server.smtp;

import java.util.Locale;

/**
 * Parses the path argument of MAIL FROM and RCPT TO. Strict on purpose: angle brackets required,
 * printable ASCII only (the relay does not offer SMTPUTF8), one {@code @} with a non-empty local part
 * and domain, at most 254 characters (RFC 5321 section 4.5.3.1). Source routes are dropped as the RFC
 * allows.
 */
final class Addresses {

  private Addresses() {}

  /** The parsed path and the parameter text after it. */
  record PathAndParameters(String address, String parameters) {}

  /**
   * Parses {@code argument} after {@code FROM:} or {@code TO:}; null when malformed. The null path
   * {@code <>} parses to the empty string; callers decide whether it is allowed.
   */
  static PathAndParameters parse(String argument) {
    String text = argument.stripLeading();
    if (!text.startsWith("<")) {
      return null;
    }
    int close = text.indexOf('>');
    if (close < 0) {
      return null;
    }
    String path = text.substring(1, close);
    String parameters = text.substring(close + 1);
    if (!parameters.isEmpty() && !parameters.startsWith(" ")) {
      return null;
    }
    if (path.startsWith("@")) {
      int colon = path.indexOf(':');
      if (colon < 0) {
        return null;
      }
      path = path.substring(colon + 1);
    }
    if (!path.isEmpty() && !isMailbox(path)) {
      return null;
    }
    return new PathAndParameters(path, parameters.strip());
  }

  static boolean isMailbox(String address) {
    if (address.length() > 254) {
      return false;
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c <= 32 || c >= 127 || c == '<' || c == '>') {
        return false;
      }
    }
    String domain = address.substring(at + 1);
    return domain.indexOf('@') < 0 && !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
  }

  static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
