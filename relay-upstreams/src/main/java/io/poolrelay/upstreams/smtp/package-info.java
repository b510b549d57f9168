/**
 * The outbound SMTP client: one strict, pipelining client per upstream, behind a bounded pool.
 *
 * <p>It is written by hand rather than on Jakarta Mail because the relay must send exactly the
 * bytes its client sent (Jakarta Mail re-encodes MIME), must know each recipient's own reply
 * (Jakarta Mail folds them into one {@code SendFailedException}), must pipeline (RFC 2920), and must
 * tell a connection lost before the final dot (safe to send elsewhere) from one lost after it (the
 * upstream may already have the message).
 *
 * <p>{@link io.poolrelay.upstreams.smtp.SmtpUpstream} is the entry point. Peers' 4xx and 5xx replies
 * become {@link io.poolrelay.upstreams.DeliveryOutcome} values; nothing here throws for them. No
 * class here starts a thread or reads the system clock: callers' (virtual) threads block in
 * {@code deliver}, and idle time is measured with the injected
 * {@link io.poolrelay.upstreams.time.Ticker}. Message bytes and passwords are never logged.
 */
package io.poolrelay.upstreams.smtp;
