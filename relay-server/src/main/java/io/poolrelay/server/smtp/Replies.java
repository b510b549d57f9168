package io.poolrelay.server.smtp;

/**
 * Every reply the listener composes, in one place, each with its RFC 3463 enhanced status code.
 * Client-facing text is fixed and bland; details go to the log.
 */
final class Replies {

  private Replies() {}

  static final String NEED_HELO = "503 5.5.1 Error: send HELO/EHLO first";
  static final String NESTED_MAIL = "503 5.5.1 Error: nested MAIL command";
  static final String NEED_MAIL = "503 5.5.1 Error: need MAIL command";
  static final String NEED_RCPT = "503 5.5.1 Error: need RCPT command";
  static final String MAIL_SYNTAX = "501 5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME]";
  static final String RCPT_SYNTAX = "501 5.5.4 Syntax: RCPT TO:<address>";
  static final String BAD_SENDER = "501 5.1.7 Bad sender address syntax";
  static final String BAD_RECIPIENT = "501 5.1.3 Bad recipient address syntax";
  static final String BAD_SIZE = "501 5.5.4 Malformed SIZE parameter";
  static final String BAD_BODY = "501 5.5.4 Unsupported BODY type";
  static final String UNKNOWN_PARAMETER = "555 5.5.4 Unsupported parameter";
  static final String SIZE_EXCEEDED = "552 5.3.4 Message size exceeds fixed maximum message size";
  static final String TOO_MANY_RECIPIENTS = "452 4.5.3 Error: too many recipients";
  static final String BARE_LINE_ENDING =
      "550 5.6.0 Message contains bare CR or LF; every line must end with CRLF";
  static final String QUEUE_FAILURE = "451 4.3.0 Error: failed to queue message, try again later";
  static final String BDAT_UNSUPPORTED = "502 5.5.1 Error: BDAT not supported";
  static final String EHLO_SYNTAX = "501 5.5.4 Syntax: EHLO hostname";
  static final String MAIL_OK = "250 2.1.0 Ok";
  static final String RCPT_OK = "250 2.1.5 Ok";
  static final String RESET_OK = "250 2.0.0 Ok";
  static final String NOOP_OK = "250 2.0.0 Ok";
  static final String BYE = "221 2.0.0 Bye";
  static final String VRFY_DISABLED = "502 5.5.1 Error: VRFY not supported";
  static final String EXPN_DISABLED = "502 5.5.1 Error: EXPN not supported";
  static final String START_DATA = "354 End data with <CR><LF>.<CR><LF>";

  static final String STARTTLS_READY = "220 2.0.0 Ready to start TLS";
  static final String STARTTLS_SYNTAX = "501 5.5.4 Syntax: STARTTLS";
  static final String STARTTLS_UNSUPPORTED = "502 5.5.1 Error: STARTTLS not supported";
  static final String TLS_ALREADY_ACTIVE = "503 5.5.1 Error: TLS already active";
  static final String STARTTLS_AFTER_AUTH = "503 5.5.1 Error: STARTTLS not permitted after AUTH";

  static final String AUTH_REQUIRED = "530 5.7.0 Authentication required";
  static final String AUTH_OK = "235 2.7.0 Authentication successful";
  static final String AUTH_FAILED = "535 5.7.8 Authentication credentials invalid";
  static final String AUTH_NEEDS_TLS = "538 5.7.11 Encryption required for requested authentication mechanism";
  static final String AUTH_TOO_MANY_FAILURES = "421 4.7.0 Too many failed authentication attempts, closing connection";
  static final String AUTH_UNSUPPORTED = "502 5.5.1 Error: authentication not enabled";
  static final String AUTH_ALREADY = "503 5.5.1 Error: already authenticated";
  static final String AUTH_IN_TRANSACTION = "503 5.5.1 Error: AUTH not permitted during a mail transaction";
  static final String AUTH_SYNTAX = "501 5.5.4 Syntax: AUTH mechanism [initial-response]";
  static final String AUTH_MECHANISM = "504 5.5.4 Unrecognized authentication type";
  static final String AUTH_CANCELLED = "501 5.0.0 Authentication cancelled";
  static final String AUTH_BAD_RESPONSE = "501 5.5.2 Cannot decode response";

  static String relayDenied(String clientAddress) {
    return "5.7.1 Relay access denied: " + clientAddress + " is not allowed to use this server";
  }

  /** Refuses a new session or a new transaction while the relay drains before it stops (RFC 5321 3.8). */
  static String shuttingDown(String hostname) {
    return "421 4.3.2 " + hostname + " shutting down, try again later";
  }

  static String queued(String queueId) {
    return "250 2.0.0 Ok: queued as " + queueId;
  }
}
