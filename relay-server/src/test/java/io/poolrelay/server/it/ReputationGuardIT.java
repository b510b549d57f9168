package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.cli.Main;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The reputation guard in a running relay: too many hard bounces pause a member, and its pool carries on. */
class ReputationGuardIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  /**
   * One message to {@code recipient}. The null sender means no DSN, so only the test's own recipients
   * enter the guard's sample.
   */
  private static void send(RunningRelay relay, String recipient) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      SmtpDialog.expect(client.sendMessage("", List.of(recipient), "Subject: guard\r\n\r\nbody\r\n"), "250 2.0.0");
    }
  }

  @Test
  void fourBouncesInTenRecipientsPauseTheMemberAndTheOtherMemberTakesTheRest() throws Exception {
    Script refusesGone = Script.accepting();
    for (int i = 0; i < 4; i++) {
      refusesGone = refusesGone.replyToRcpt("gone" + i + "@example.net", 550, "5.1.1 no such user");
    }
    try (FakeSmtpServer first = FakeSmtpServer.start(refusesGone);
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none,
                        guard: { min_sample: 10, bounce_rate: 30%%, pause_for: 1h } }
              second: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
            routing: { default_pool: all }
            """.formatted(first.port(), second.port()))) {
      // One at a time, so each outcome is counted before the next message picks a member.
      List<String> recipients = List.of("user0", "gone0", "user1", "gone1", "user2", "gone2", "user3", "gone3",
          "user4", "user5");
      for (int i = 0; i < recipients.size(); i++) {
        send(relay, recipients.get(i) + "@example.net");
        relay.awaitEmptyQueue(WAIT);
        if (i < recipients.size() - 1) {
          assertEquals("up", UpstreamEntry.fetch(relay, "first").state(), "sample of " + (i + 1) + " is below min_sample");
        }
      }
      assertEquals(6, first.transactions().size(), "first delivered every recipient it did not refuse");

      UpstreamEntry paused = UpstreamEntry.fetch(relay, "first");
      assertEquals("paused", paused.state());
      assertEquals("guard: bounce rate 40% (4 of 10 in 1h) over 30%", paused.reason());
      assertNotNull(paused.json().get("until"), "a guard pause ends by itself: " + paused);

      for (int i = 0; i < 5; i++) {
        send(relay, "later" + i + "@example.net");
      }
      for (int i = 0; i < 5; i++) {
        RecordedTransaction taken = second.takeTransaction(WAIT);
        assertEquals(1, taken.rcptTo().size());
      }
      relay.awaitEmptyQueue(WAIT);
      assertEquals(6, first.transactions().size(), "a paused member takes nothing");
      assertEquals(5, second.transactions().size());
      assertEquals("paused", UpstreamEntry.fetch(relay, "first").state());
    }
  }

  @Test
  void complaintsReportedWithTheCliPauseTheMemberOnceTheirRateCrossesTheThreshold() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none,
                        guard: { min_sample: 10, complaint_rate: 5%%, pause_for: 1h } }
              second: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
            routing: { default_pool: all }
            """.formatted(first.port(), second.port()))) {
      for (int i = 0; i < 10; i++) {
        send(relay, "user" + i + "@example.net");
      }
      relay.awaitEmptyQueue(WAIT);
      assertEquals(10, first.transactions().size());

      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new Main());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      int exit = cli.execute("complaint", "first", "--admin", relay.adminUrl());

      assertEquals(0, exit, out.toString());
      assertTrue(out.toString().contains("now paused"), out.toString());
      UpstreamEntry paused = UpstreamEntry.fetch(relay, "first");
      assertEquals("guard: complaint rate 10% (1 of 10 delivered in 1h) over 5%", paused.reason());
      send(relay, "later@example.net");
      second.takeTransaction(WAIT);
      assertEquals(10, first.transactions().size(), "a paused member takes nothing");
    }
  }
}
