package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.sesstub.RecordedSend;
import io.poolrelay.upstreams.sesstub.SesErrorAnswers;
import io.poolrelay.upstreams.sesstub.SesStub;
import io.poolrelay.upstreams.sesstub.StubAccount;
import io.poolrelay.upstreams.smtp.SinkDump;
import io.poolrelay.upstreams.smtp.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-member sender rewrites through a running relay (the member that takes a message rewrites it, also
 * after a failover), and SES's size limit: a member that cannot take a message's size is skipped, and a
 * pool none of whose members can bounces it with 552 5.3.4.
 */
class SesRewriteAndSizeIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private static String ses(SesStub stub, String extra) {
    return "{ type: ses, region: us-east-1, endpoint: \"" + stub.url() + "\", access_key_id: AKIDPOOLRELAYTEST,"
        + " secret_access_key: pool-relay-test-secret, use_account_quota: false, health: { interval: 1h }" + extra
        + " }";
  }

  @Test
  void aMessageThatFailsOverIsRewrittenForTheMemberThatTakesIt() throws Exception {
    Path dumps = Files.createDirectories(dir.resolve("sink"));
    try (SmtpSink sink = SmtpSink.start("-d", dumps + "/%M.");
        SesStub stub = SesStub.start(StubAccount.production(), true);
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              ses: %s
              relay:
                type: smtp
                host: 127.0.0.1
                port: %d
                tls: none
                envelope_from: relay-bounces@relay.example.com
                from_rewrite: { from: news@relay.example.com }
            pools:
              all: { strategy: weighted, members: [ { upstream: ses, weight: 100 }, { upstream: relay, weight: 1 } ] }
            routing: { default_pool: all }
            """.formatted(ses(stub, ", envelope_from: ses-bounces@ses.example.com,"
                + " from_rewrite: { from: news@ses.example.com }"), sink.port()))) {
      // The first message's sender is not verified at SES: it fails over to the SMTP member.
      stub.enqueueSend(SesErrorAnswers.emailAddressNotVerified("US-EAST-1", "ses-bounces@ses.example.com"));
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        for (int i = 0; i < 2; i++) {
          SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user" + i + "@example.net"),
              "From: \"The App\" <app@example.com>\r\nSubject: rewrite " + i + "\r\n\r\nbody\r\n"), "250 2.0.0");
        }
      }
      relay.awaitEmptyQueue(WAIT);

      assertEquals(1, sink.awaitMessages(1, WAIT));
      // smtp-sink writes the file before it answers the final dot, so it is complete by now.
      List<SinkDump> dumped = SinkDump.readAll(dumps);
      assertEquals(1, dumped.size());
      SinkDump atRelay = dumped.get(0);
      assertEquals("<relay-bounces@relay.example.com>", atRelay.reversePath());
      assertTrue(atRelay.message().contains("From: \"The App\" <news@relay.example.com>"), atRelay.message());
      assertTrue(atRelay.message().contains("Reply-To: \"The App\" <app@example.com>"), atRelay.message());

      RecordedSend atSes = stub.sends().stream().filter(RecordedSend::accepted).findFirst().orElseThrow();
      assertEquals("ses-bounces@ses.example.com", atSes.fromEmailAddress().orElseThrow());
      String raw = atSes.rawDataAsLatin1();
      assertTrue(raw.contains("From: \"The App\" <news@ses.example.com>\r\n"), raw);
      assertTrue(raw.contains("Reply-To: \"The App\" <app@example.com>\r\n"), raw);
      assertEquals(2, stub.sends().size(), "one refused, one accepted");
    }
  }

  /** A body that makes the message just over SES's limit once base64-encoded (about 30 MB raw). */
  private static String bodyOverTheSesLimit() {
    String line = "x".repeat(998) + "\r\n";
    int lines = (int) (30_000_000L / line.length()) + 10;
    return "Subject: big\r\n\r\n" + line.repeat(lines);
  }

  @Test
  void aMessageOverSesSizeLimitGoesToTheSmtpMemberAndAPoolOfOnlySesBouncesItWith552() throws Exception {
    try (FakeSmtpServer smtp = FakeSmtpServer.start(Script.accepting().withSize(64 * 1024 * 1024));
        SesStub stub = SesStub.start(StubAccount.production(), true);
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0, max_message_size: 64MB } ]
            upstreams:
              ses: %s
              smtp: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              mixed: { strategy: weighted, members: [ { upstream: ses, weight: 100 }, { upstream: smtp, weight: 1 } ] }
              ses-only: { members: [ { upstream: ses } ] }
            routing:
              hint_headers: [X-Pool]
              routes:
                - { match: { header: X-Pool, value: ses-only }, pool: ses-only }
              default_pool: mixed
            """.formatted(ses(stub, ""), smtp.port()))) {
      String big = bodyOverTheSesLimit();
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("mixed@example.net"), big), "250 2.0.0");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("sesonly@example.net"),
            "X-Pool: ses-only\r\n" + big), "250 2.0.0");
      }
      relay.awaitEmptyQueue(WAIT);

      RecordedTransaction viaSmtp = smtp.takeTransaction(WAIT);
      assertEquals(List.of("mixed@example.net"), viaSmtp.rcptTo());
      // The bounce goes through the default pool; it is small, so SES (weight 100) takes it.
      RecordedSend bounce = stub.takeSend(WAIT);
      assertEquals(List.of("app@example.com"), bounce.to());
      assertTrue(bounce.rawDataAsLatin1().contains("552 5.3.4"), "the DSN quotes the reply");
      assertEquals(1, stub.sends().size(), "SES was never offered either big message");
    }
  }
}
