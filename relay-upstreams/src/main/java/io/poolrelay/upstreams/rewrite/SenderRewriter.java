package io.poolrelay.upstreams.rewrite;

import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import java.io.IOException;
import java.util.Optional;

/**
 * Rewrites the sender of one delivery attempt for one upstream, from its {@link SenderRewrite}.
 * Immutable and pure: the same inputs give the same outputs, and the inputs are never changed.
 *
 * <ul>
 *   <li>{@code envelope_from}: the envelope sender becomes that address. The null sender {@code <>} of
 *       a bounce is never replaced: a bounce must keep the null reverse path, or bouncing it could loop.
 *   <li>{@code from_rewrite}: the {@code From:} field's address becomes {@code from}. The first mailbox's
 *       display name is kept as written (quoted, encoded-word or 8-bit); a From without one gets none;
 *       other mailboxes are dropped; a folded From is read across its lines. With
 *       {@code keep_original_in_reply_to} and no {@code Reply-To:} in the message, a
 *       {@code Reply-To:} carrying the original From value is added right after it, so replies still
 *       reach the author; an existing Reply-To is left alone. A message without a From gets
 *       {@code From: <from>} at the end of its header section: RFC 5322 requires one, and it is the only
 *       sender the upstream accepts. A second From field is dropped. The rewrite applies to bounces too,
 *       since the provider checks their From like any other.
 * </ul>
 *
 * <p>Only the header section is read. Every byte outside the From line(s) stays as it was (field order,
 * other fields, body, 8-bit bytes); the body is streamed from the original, not copied.
 */
public final class SenderRewriter {

  private final Optional<String> envelopeFrom;
  private final Optional<FromRewriter> fromRewriter;

  public SenderRewriter(SenderRewrite rewrite) {
    this.envelopeFrom = rewrite.envelopeFrom();
    this.fromRewriter = rewrite.fromRewrite().map(FromRewriter::new);
  }

  public boolean rewritesNothing() {
    return envelopeFrom.isEmpty() && fromRewriter.isEmpty();
  }

  /**
   * The envelope with {@code envelope_from} as its sender and everything else (recipients, pool, hints)
   * kept; the same instance when there is nothing to do.
   */
  public Envelope rewrite(Envelope envelope) {
    if (envelopeFrom.isEmpty() || envelope.hasNullSender()) {
      return envelope;
    }
    return envelope.withSender(envelopeFrom.get());
  }

  /**
   * The content with its From rewritten; the same instance without {@code from_rewrite}.
   *
   * @throws IOException if the original's header section cannot be read
   */
  public MessageContent rewrite(MessageContent content) throws IOException {
    if (fromRewriter.isEmpty()) {
      return content;
    }
    return fromRewriter.get().rewrite(content);
  }
}
