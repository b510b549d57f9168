package io.poolrelay.upstreams.fakesmtp;

/**
 * A point in an SMTP conversation where a {@link Script} can replace the reply or act on the socket.
 *
 * <p>Replies can be scripted for every phase except {@link #CONNECT} and {@link #DATA_BODY}, which
 * have no reply of their own; effects can be attached to every phase.
 */
public enum Phase {
  /** Just after accept, before the TLS handshake (implicit TLS) and the greeting. */
  CONNECT,
  /**
   * The {@code 220} greeting. A {@code 421} greeting closes the connection; after any other refusal
   * every command but QUIT gets {@code 503}.
   */
  GREETING,
  /** The reply to EHLO or HELO. */
  EHLO,
  /** The reply to STARTTLS; the handshake follows only when the reply is positive. */
  STARTTLS,
  /** The final reply to AUTH; effects apply as soon as the AUTH line has been read. */
  AUTH,
  /** The reply to MAIL FROM. */
  MAIL,
  /** The reply to RCPT TO; see also {@link Script#replyToRcpt(String, int, String)}. */
  RCPT,
  /** The reply to the DATA command itself ({@code 354} by default). */
  DATA,
  /** While the message is being received: effects apply once the first body line has arrived. */
  DATA_BODY,
  /** The reply to the final dot: the "did it arrive?" moment. */
  END_OF_DATA,
  /** The reply to RSET. */
  RSET,
  /** The reply to QUIT; the connection closes afterwards whatever the reply. */
  QUIT
}
