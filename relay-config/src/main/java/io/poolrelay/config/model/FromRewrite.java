package io.poolrelay.config.model;

import java.util.Objects;

/**
 * {@code from_rewrite:}: the {@code From:} header's address becomes {@code from}; the display name the
 * application wrote is kept.
 *
 * @param from                  the verified address to send from
 * @param keepOriginalInReplyTo put the original {@code From:} in {@code Reply-To:} when the message has
 *                              none, so replies still reach the author
 */
public record FromRewrite(String from, boolean keepOriginalInReplyTo) {

  public FromRewrite {
    Objects.requireNonNull(from, "from");
  }
}
