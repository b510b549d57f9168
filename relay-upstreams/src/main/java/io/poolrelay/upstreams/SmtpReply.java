package io.poolrelay.upstreams;

import java.util.Objects;

/**
 * A reply from a peer, or one the relay composed for a failure that had no reply (a refused
 * connection becomes {@code 421 4.4.1 connection refused}).
 *
 * @param code           the three-digit reply code
 * @param enhancedStatus RFC 3463 code such as {@code 5.1.1}; empty when the peer sent none
 * @param text           the reply text without code and enhanced status, lines joined by a space
 * @param command        the command it answered ({@code CONNECT}, {@code EHLO}, {@code MAIL}, {@code RCPT},
 *                       {@code DATA}, {@code END_OF_DATA}, ...)
 */
public record SmtpReply(int code, String enhancedStatus, String text, String command) {

  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("reply code " + code + " is outside 200..599");
    }
    Objects.requireNonNull(enhancedStatus, "enhancedStatus");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(command, "command");
  }

  public boolean isPositive() {
    return code < 400;
  }

  public boolean isTransient() {
    return code >= 400 && code < 500;
  }

  public boolean isPermanent() {
    return code >= 500;
  }

  /** {@code 550 5.1.1 user unknown}, as logged and as quoted in a DSN. */
  @Override
  public String toString() {
    return enhancedStatus.isEmpty() ? code + " " + text : code + " " + enhancedStatus + " " + text;
  }
}
