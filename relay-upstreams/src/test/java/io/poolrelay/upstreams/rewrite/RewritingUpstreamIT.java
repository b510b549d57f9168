package io.poolrelay.upstreams.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.smtp.SinkDump;
import io.poolrelay.upstreams.smtp.SmtpSink;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.smtp.UpstreamConfigs;
import io.poolrelay.upstreams.time.SystemTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SmtpUpstream, wrapped, against Postfix's smtp-sink: what the peer receives after a sender rewrite. */
class RewritingUpstreamIT {

  private static final SenderRewrite REWRITE = new SenderRewrite(
      Optional.of("bounces@mail.example.com"), Optional.of(new FromRewrite("news@mail.example.com", true)));

  @TempDir
  Path dumps;

  @BeforeAll
  static void needsSmtpSink() {
    assertTrue(SmtpSink.installed(), "Postfix smtp-sink is missing: bin/test installs it");
  }

  /** Delivers one message through a rewriting SMTP upstream to a fresh sink and returns what the sink dumped. */
  private SinkDump deliverThroughSink(Envelope envelope, String message) throws Exception {
    try (SmtpSink sink = SmtpSink.start("-d", dumps + "/%M.");
        Upstream upstream = RewritingUpstream.wrap(
            new SmtpUpstream(UpstreamConfigs.onPort(sink.port()).build(), new SystemTime()), REWRITE)) {
      TransactionResult result =
          upstream.deliver(envelope, MessageContent.of(message.getBytes(StandardCharsets.ISO_8859_1)));
      assertTrue(result.allDelivered(), result.toString());
    }
    List<SinkDump> received = SinkDump.readAll(dumps);
    assertEquals(1, received.size(), "messages dumped by the sink");
    return received.get(0);
  }

  /** The sink stores lines ending in LF; everything else must be the bytes the relay meant to send. */
  private static String asDumped(String message) {
    return message.replace("\r\n", "\n");
  }

  @Test
  void peerGetsTheEnvelopeFromAndTheRewrittenFromWithEveryOtherByteUnchanged() throws Exception {
    String head = "Received: from app.example by relay.test; Thu, 3 Dec 2026 21:00:00 +0000\r\n"
        + "Message-ID: <m1@app.example>\r\n"
        + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n";
    String rest = "To: Reader <reader@example.net>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n"
        + "From: this body line is not a header\r\n"
        + ".a line that starts with a dot\r\n"
        + "Gr\u00c3\u00bc\u00c3\u009fe\r\n";
    String message = head + "From: \"Jane Doe\" <jane@app.example>\r\n" + rest;

    SinkDump received = deliverThroughSink(
        new Envelope("it1", "app@app.example", List.of("reader@example.net")), message);

    assertEquals("<bounces@mail.example.com>", received.reversePath(), received.mailArgs());
    assertEquals(List.of("<reader@example.net>"), received.rcptArgs());
    assertEquals(asDumped(head
            + "From: \"Jane Doe\" <news@mail.example.com>\r\n"
            + "Reply-To: \"Jane Doe\" <jane@app.example>\r\n"
            + rest),
        received.message());
  }

  @Test
  void bounceWithTheNullSenderKeepsMailFromEmpty() throws Exception {
    String message = "From: Mail Delivery System <MAILER-DAEMON@relay.test>\r\n"
        + "To: app@app.example\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\n"
        + "\r\n"
        + "This is the mail system.\r\n";

    SinkDump received = deliverThroughSink(new Envelope("it2", "", List.of("app@app.example")), message);

    assertEquals("<>", received.reversePath(), received.mailArgs());
    assertEquals(asDumped("From: Mail Delivery System <news@mail.example.com>\r\n"
            + "Reply-To: Mail Delivery System <MAILER-DAEMON@relay.test>\r\n"
            + "To: app@app.example\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "\r\n"
            + "This is the mail system.\r\n"),
        received.message());
  }
}
