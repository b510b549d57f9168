package io.poolrelay.upstreams.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RewritingUpstreamTest {

  private static final SenderRewrite REWRITE = new SenderRewrite(
      Optional.of("bounces@mail.example.com"), Optional.of(new FromRewrite("news@mail.example.com", true)));
  private static final Envelope ENVELOPE =
      new Envelope("q7", "app@app.example", List.of("a@example.net", "b@example.net"));

  @Test
  void wrappingWithNoRewriteReturnsTheUpstreamItself() {
    RecordingUpstream upstream = new RecordingUpstream();

    assertSame(upstream, RewritingUpstream.wrap(upstream, SenderRewrite.NONE));
  }

  @Test
  void wrappedUpstreamGetsTheRewrittenAttemptAndItsResultIsReturnedAsIs() throws Exception {
    RecordingUpstream upstream = new RecordingUpstream();
    Upstream rewriting = RewritingUpstream.wrap(upstream, REWRITE);

    TransactionResult result = rewriting.deliver(ENVELOPE,
        MessageContent.of("From: Jane <jane@app.example>\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));

    assertEquals(List.of(new Envelope("q7", "bounces@mail.example.com", ENVELOPE.recipients())), upstream.envelopes);
    assertEquals(List.of("From: Jane <news@mail.example.com>\r\nReply-To: Jane <jane@app.example>\r\n\r\nhi\r\n"),
        upstream.contents);
    assertSame(upstream.result, result);
  }

  @Test
  void nameAndCloseAreTheWrappedUpstreams() {
    RecordingUpstream upstream = new RecordingUpstream();
    Upstream rewriting = RewritingUpstream.wrap(upstream, REWRITE);

    rewriting.close();

    assertEquals("recording", rewriting.name());
    assertTrue(upstream.closed);
  }

  @Test
  void unreadableMessageIsDeferredForEveryRecipientWithoutReachingTheUpstream() throws Exception {
    RecordingUpstream upstream = new RecordingUpstream();
    MessageContent unreadable = new MessageContent() {
      @Override
      public long size() {
        return 100;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        throw new IOException("spool file vanished");
      }

      @Override
      public InputStream open() throws IOException {
        throw new IOException("spool file vanished");
      }
    };

    TransactionResult result = RewritingUpstream.wrap(upstream, REWRITE).deliver(ENVELOPE, unreadable);

    assertEquals(List.of(), upstream.envelopes);
    assertEquals(2, result.outcomes().size());
    DeliveryOutcome.Deferred deferred = assertInstanceOf(DeliveryOutcome.Deferred.class, result.outcomes().get(0).outcome());
    assertEquals(FailureScope.MESSAGE, deferred.scope());
    assertEquals("451 4.3.0 upstream recording: cannot read message q7 to rewrite its sender: spool file vanished",
        deferred.reply().toString());
  }

  /** Records what it is handed and accepts every recipient. */
  private static final class RecordingUpstream implements Upstream {

    final List<Envelope> envelopes = new ArrayList<>();
    final List<String> contents = new ArrayList<>();
    TransactionResult result;
    boolean closed;

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public TransactionResult deliver(Envelope envelope, MessageContent content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        content.writeTo(out);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      envelopes.add(envelope);
      contents.add(out.toString(StandardCharsets.ISO_8859_1));
      result = TransactionResult.uniform(name(), envelope,
          new DeliveryOutcome.Delivered(new SmtpReply(250, "2.0.0", "ok", "END_OF_DATA")));
      return result;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
