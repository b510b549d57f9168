package io.poolrelay.upstreams.rewrite;

import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import java.io.IOException;
import java.util.Objects;

/**
 * An upstream that sends as its verified sender: each attempt is rewritten by a {@link SenderRewriter}
 * and handed to the wrapped upstream. The recipients, and so the result's outcomes, are the wrapped
 * upstream's own.
 */
public final class RewritingUpstream implements Upstream {

  private final Upstream delegate;
  private final SenderRewriter rewriter;

  public RewritingUpstream(Upstream delegate, SenderRewriter rewriter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
  }

  /** The upstream itself when the rewrite is {@link SenderRewrite#NONE}, so an upstream without one pays nothing. */
  public static Upstream wrap(Upstream upstream, SenderRewrite rewrite) {
    return rewrite.isNone() ? upstream : new RewritingUpstream(upstream, new SenderRewriter(rewrite));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public TransactionResult deliver(Envelope envelope, MessageContent content) throws InterruptedException {
    MessageContent rewritten;
    try {
      rewritten = rewriter.rewrite(content);
    } catch (IOException e) {
      // The message (the spool file) could not be read: a retry may succeed, another upstream would fail alike.
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      SmtpReply reply = new SmtpReply(451, "4.3.0",
          "upstream " + name() + ": cannot read message " + envelope.queueId() + " to rewrite its sender: " + reason,
          "DATA");
      return TransactionResult.uniform(name(), envelope, new DeliveryOutcome.Deferred(reply, FailureScope.MESSAGE, false));
    }
    return delegate.deliver(rewriter.rewrite(envelope), rewritten);
  }

  @Override
  public boolean acceptsSize(long size) {
    return delegate.acceptsSize(size);
  }

  /** The upstream it sends through, for what only that one can tell (open connections, say). */
  public Upstream delegate() {
    return delegate;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "RewritingUpstream[" + delegate + "]";
  }
}
