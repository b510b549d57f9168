package io.poolrelay.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How one upstream rewrites the sender of what it sends, because many providers (SES among them) accept
 * only senders they have verified. Per upstream, so a message that fails over is rewritten for the
 * member that takes it.
 *
 * @param envelopeFrom the reverse path (SMTP {@code MAIL FROM}, SES's sender) used instead of the
 *                     message's own; the null sender {@code <>} of a bounce is never replaced
 * @param fromRewrite  how the {@code From:} header is replaced, if it is
 */
public record SenderRewrite(Optional<String> envelopeFrom, Optional<FromRewrite> fromRewrite) {

  public static final SenderRewrite NONE = new SenderRewrite(Optional.empty(), Optional.empty());

  public SenderRewrite {
    Objects.requireNonNull(envelopeFrom, "envelopeFrom");
    Objects.requireNonNull(fromRewrite, "fromRewrite");
  }

  public boolean isNone() {
    return envelopeFrom.isEmpty() && fromRewrite.isEmpty();
  }
}
