package io.poolrelay.config.model;

/**
 * What the listener does with a bare CR or bare LF inside DATA. Forwarding such bytes can hand an
 * upstream a second message (SMTP smuggling), so the default refuses them.
 */
public enum LineEndingPolicy {
  /** Refuse the message with 550 5.6.0. */
  REJECT,
  /** Rewrite every bare CR and bare LF to CRLF before the message is spooled. */
  NORMALIZE
}
