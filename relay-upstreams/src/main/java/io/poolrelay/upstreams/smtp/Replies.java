package io.poolrelay.upstreams.smtp;

import io.poolrelay.upstreams.SmtpReply;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Every reply the client composes when the peer gave none, in one place, so that the wording the
 * relay logs and quotes in bounces stays consistent. All are 421: the failure is about the session,
 * and nothing was refused.
 */
final class Replies {

  private Replies() {}

  static SmtpReply cannotResolve(String peer, String reason) {
    return new SmtpReply(421, "4.4.3", "cannot resolve " + peer + ": " + reason, Stage.DNS.command());
  }

  static SmtpReply connectionRefused(String peer) {
    return new SmtpReply(421, "4.4.1", "connection refused by " + peer, Stage.CONNECT.command());
  }

  static SmtpReply connectTimedOut(String peer, Duration timeout) {
    return new SmtpReply(
        421, "4.4.1", "no connection to " + peer + " after " + format(timeout), Stage.CONNECT.command());
  }

  static SmtpReply cannotConnect(String peer, IOException cause) {
    return new SmtpReply(421, "4.4.1", "cannot connect to " + peer + ": " + reason(cause), Stage.CONNECT.command());
  }

  static SmtpReply tlsFailed(String reason) {
    return new SmtpReply(421, "4.7.0", "TLS handshake failed: " + reason, Stage.TLS.command());
  }

  static SmtpReply startTlsNotOffered(String peer) {
    return new SmtpReply(
        421, "4.7.0", "STARTTLS is required but " + peer + " does not offer it", Stage.TLS.command());
  }

  static SmtpReply authFailed(String detail) {
    return new SmtpReply(421, "4.7.8", "authentication failed: " + detail, Stage.AUTH.command());
  }

  static SmtpReply upstreamClosed() {
    return new SmtpReply(421, "4.3.0", "upstream closed", Stage.CONNECT.command());
  }

  static SmtpReply unexpected(Stage stage, ParsedReply reply) {
    return new SmtpReply(421, "4.5.0", "unexpected reply to " + stage + ": " + reply, stage.command());
  }

  static SmtpReply badAddress(Stage stage, String what) {
    return new SmtpReply(501, "5.1.3", what + " contains a line break or NUL", stage.command());
  }

  /** The session broke while waiting for or sending {@code stage}: a timeout, a close or a bad reply. */
  static SmtpReply lost(Stage stage, String peer, IOException cause, Duration timeout) {
    String text;
    if (cause instanceof SocketTimeoutException) {
      text = "no reply to " + stage + " after " + format(timeout);
    } else if (cause instanceof EOFException) {
      text = "connection closed by " + peer + " during " + stage;
    } else if (cause instanceof MalformedReplyException) {
      text = "malformed reply to " + stage + ": " + cause.getMessage();
    } else {
      text = "connection to " + peer + " lost during " + stage + ": " + reason(cause);
    }
    return new SmtpReply(421, "4.4.2", text, stage.command());
  }

  /** After the final dot nobody knows whether the upstream kept the message; the text says so. */
  static SmtpReply lostAfterDot(String peer, IOException cause, Duration timeout) {
    SmtpReply lost = lost(Stage.END_OF_DATA, peer, cause, timeout);
    return new SmtpReply(
        lost.code(), lost.enhancedStatus(), lost.text() + " (the message may have been delivered)", lost.command());
  }

  static String reason(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  static String format(Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
