/**
 * The SMTP listener, on SubEthaSMTP. SubEthaSMTP runs the sessions; the relay replaces its EHLO,
 * MAIL, RCPT, DATA and BDAT commands with strict ones (and RSET, QUIT, NOOP, VRFY and EXPN, whose
 * replies lacked enhanced status codes), because the library's versions send replies
 * without enhanced status codes, mishandle malformed SIZE values (a dropped connection instead of
 * 501), accept unknown parameters silently, do not unstuff the first line of DATA, and advertise
 * CHUNKING and SMTPUTF8, which the relay does not forward. The listener never writes files itself:
 * it hands complete messages to the spool and replies 250 only when the spool says they are durable.
 */
package io.poolrelay.server.smtp;
