package io.poolrelay.server.metrics;

import java.util.Locale;

/**
 * Why a listener refused a client, a transaction or a message: the {@code reason} label of
 * {@code poolrelay_listener_rejections_total}. A small fixed set, counted where the reply is sent.
 */
public enum RejectReason {
  /** Connection refused: the client is not in allowed_networks (554 5.7.1). */
  RELAY_DENIED,
  /** MAIL refused: the client may relay only once authenticated (530 5.7.0). */
  AUTH_REQUIRED,
  /** AUTH failed: wrong credentials, or too many failures (535, 421). */
  AUTH_FAILED,
  /** MAIL or RCPT refused for its syntax or parameters (501, 555). */
  SYNTAX,
  /** RCPT past the listener's max_recipients (452 4.5.3). */
  TOO_MANY_RECIPIENTS,
  /** SIZE declared, or DATA, larger than max_message_size (552 5.3.4). */
  MESSAGE_TOO_BIG,
  /** DATA with a bare CR or LF (550 5.6.0). */
  BARE_LINE_ENDING,
  /** The spool could not store the message (451 4.3.0). */
  SPOOL_FAILED,
  /** Connection or MAIL refused while the relay drains before a stop (421 4.3.2). */
  SHUTTING_DOWN;

  /** The label value: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
