package io.poolrelay.upstreams.smtp;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the server announced in its EHLO reply, as far as this client uses it.
 *
 * @param authMechanisms upper-case SASL mechanism names after {@code AUTH}
 */
record Extensions(
    boolean pipelining, boolean size, boolean eightBitMime, boolean startTls, Set<String> authMechanisms) {

  Extensions {
    authMechanisms = Set.copyOf(authMechanisms);
  }

  /** After HELO, or before any greeting: nothing is known to be supported. */
  static Extensions none() {
    return new Extensions(false, false, false, false, Set.of());
  }

  /** The first line of an EHLO reply is the server's name; every later line is one keyword and its parameters. */
  static Extensions fromEhlo(ParsedReply ehlo) {
    boolean pipelining = false;
    boolean size = false;
    boolean eightBitMime = false;
    boolean startTls = false;
    Set<String> auth = new HashSet<>();
    for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
      String[] words = line.trim().toUpperCase(Locale.ROOT).split("[ =]+");
      switch (words[0]) {
        case "PIPELINING" -> pipelining = true;
        case "SIZE" -> size = true;
        case "8BITMIME" -> eightBitMime = true;
        case "STARTTLS" -> startTls = true;
        case "AUTH" -> {
          for (int i = 1; i < words.length; i++) {
            auth.add(words[i]);
          }
        }
        default -> {}
      }
    }
    return new Extensions(pipelining, size, eightBitMime, startTls, auth);
  }
}
