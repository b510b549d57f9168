package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permanent failures produce an RFC 3464 DSN to the sender through the default pool. */
class BounceIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private static String config(int marketing, int all, String retry) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          mkt: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
          txn: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          marketing: { members: [ { upstream: mkt } ] }
          all: { members: [ { upstream: txn } ] }
        routing:
          routes: [ { match: { header: X-Campaign-Type, value: newsletter }, pool: marketing } ]
          default_pool: all
        spool: { directory: ${dir}/spool, retry: %s }
        """.formatted(marketing, all, retry);
  }

  private static void send(RunningRelay relay, String from, List<String> to) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      SmtpDialog.expect(client.sendMessage(from, to,
          "X-Campaign-Type: newsletter\r\nFrom: " + from + "\r\nSubject: campaign\r\n\r\nsecret body\r\n"), "250 2.0.0");
    }
  }

  @Test
  void rejectedRecipientGetsADsnThroughTheDefaultPool() throws Exception {
    Script refusesOne = Script.accepting().replyToRcpt("gone@example.net", 550, "5.1.1 no such user");
    try (FakeSmtpServer marketing = FakeSmtpServer.start(refusesOne);
        FakeSmtpServer all = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(marketing.port(), all.port(), "{ schedule: [1s], max_age: 1h }"))) {
      send(relay, "app@example.com", List.of("user@example.net", "gone@example.net"));
      assertEquals(List.of("user@example.net"), marketing.takeTransaction(WAIT).rcptTo());

      RecordedTransaction dsn = all.takeTransaction(WAIT);
      assertEquals("", dsn.mailFrom(), "a DSN has the null sender");
      assertEquals(List.of("app@example.com"), dsn.rcptTo());
      String text = dsn.dataAsString();
      assertTrue(text.contains("multipart/report; report-type=delivery-status"), text);
      assertTrue(text.contains("Final-Recipient: rfc822; gone@example.net"), text);
      assertTrue(text.contains("Status: 5.1.1"), text);
      assertTrue(text.contains("Diagnostic-Code: smtp; 550 5.1.1 no such user"), text);
      assertTrue(!text.contains("user@example.net\r\nAction"), "only the failed recipient is reported");
      assertTrue(!text.contains("secret body"), "a DSN never carries the original body");
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1.0, relay.counter("poolrelay.recipients.bounced", "reason", "rejected"));
    }
  }

  @Test
  void messageStillDeferredAfterMaxAgeIsBouncedAsExpired() throws Exception {
    Script alwaysLater = Script.accepting().reply(Phase.RCPT, 450, "4.2.1 mailbox busy");
    try (FakeSmtpServer marketing = FakeSmtpServer.start(alwaysLater);
        FakeSmtpServer all = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(marketing.port(), all.port(), "{ schedule: [1s], max_age: 2s }"))) {
      send(relay, "app@example.com", List.of("user@example.net"));
      RecordedTransaction dsn = all.takeTransaction(WAIT);
      String text = dsn.dataAsString();
      assertTrue(text.contains("Status: 4.4.7") || text.contains("Status: 4.2.1"), text);
      assertTrue(text.contains("Action: failed"), text);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1.0, relay.counter("poolrelay.recipients.bounced", "reason", "expired"));
    }
  }

  @Test
  void nullSenderMessagesAreNeverBounced() throws Exception {
    Script refusesAll = Script.accepting().reply(Phase.RCPT, 550, "5.1.1 no such user");
    try (FakeSmtpServer marketing = FakeSmtpServer.start(refusesAll);
        FakeSmtpServer all = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(marketing.port(), all.port(), "{ schedule: [1s], max_age: 1h }"))) {
      send(relay, "", List.of("gone@example.net"));
      relay.awaitEmptyQueue(WAIT);
      assertTrue(all.pollTransaction(Duration.ofMillis(500)).isEmpty(), "no DSN for <>");
    }
  }
}
