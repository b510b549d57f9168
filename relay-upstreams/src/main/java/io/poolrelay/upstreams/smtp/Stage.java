package io.poolrelay.upstreams.smtp;

/**
 * Where in a session something happened. Its name is what {@link io.poolrelay.upstreams.SmtpReply#command()}
 * carries, so a deferral says which step failed even when the relay composed the reply itself.
 */
public enum Stage {
  /** Resolving the host name; composed replies for it say {@code CONNECT}. */
  DNS,
  CONNECT,
  GREETING,
  EHLO,
  STARTTLS,
  /** The TLS handshake, or a server that does not offer the STARTTLS the config requires. */
  TLS,
  AUTH,
  MAIL,
  RCPT,
  DATA,
  /** Writing the message content, before the final dot. */
  DATA_BODY,
  /** Waiting for the reply to the final dot. */
  END_OF_DATA,
  RSET,
  QUIT;

  /** The value for {@code SmtpReply.command}. */
  String command() {
    return this == DNS ? CONNECT.name() : name();
  }
}
