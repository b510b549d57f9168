/**
 * Sender rewrites: the verified sender an upstream sends as, because many providers (SES among them)
 * accept only senders they have verified.
 *
 * <p>{@link io.poolrelay.upstreams.rewrite.RewritingUpstream} wraps any upstream and hands it the attempt
 * as {@link io.poolrelay.upstreams.rewrite.SenderRewriter} rewrote it: the envelope sender
 * ({@code envelope_from}) and the {@code From:} header ({@code from_rewrite}). The rewrite is per upstream,
 * so a message that fails over is rewritten for the member that takes it. Only the header section is read
 * and rebuilt; the rest of the message is streamed from the original, byte for byte.
 */
package io.poolrelay.upstreams.rewrite;
