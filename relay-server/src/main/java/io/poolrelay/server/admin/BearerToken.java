package io.poolrelay.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks {@code Authorization: Bearer <token>} against the configured token in constant time. */
final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] expected;

  BearerToken(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("admin: the bearer token is blank");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean accepts(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return false;
    }
    String header = authorization.get().strip();
    if (header.length() < SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    // MessageDigest.isEqual takes the same time for any content of equal-length inputs.
    return MessageDigest.isEqual(expected, given);
  }
}
