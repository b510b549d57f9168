package io.poolrelay.config.model;

/** How a connection to an SMTP upstream is protected. */
public enum TlsMode {
  /** Plain text. */
  NONE,
  /** Plain connect, then STARTTLS before anything else; a server without STARTTLS is a failure. */
  STARTTLS,
  /** TLS from the first byte (SMTPS, usually port 465). */
  IMPLICIT
}
