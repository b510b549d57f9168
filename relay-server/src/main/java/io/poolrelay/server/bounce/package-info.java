/**
 * Bounces: composing delivery status notifications (RFC 3464, RFC 3461, RFC 6522) for recipients the relay
 * has given up on.
 *
 * <p>{@link io.poolrelay.server.bounce.DsnComposer} turns a {@link io.poolrelay.server.bounce.BounceRequest}
 * into the bytes of a 7-bit {@code multipart/report} message. It is pure: no I/O, no threads; the time and
 * the randomness behind the Message-ID and MIME boundary are injected. Sending the result to the envelope
 * sender with the null sender {@code <>} is the delivery path's job.
 */
package io.poolrelay.server.bounce;
