package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.time.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hourly limits against real traffic: a capped member's share goes elsewhere, and nothing is lost. */
class SendingLimitsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;


  @Test
  void memberWithAnHourlyLimitOf50TakesAtMost50AndTheOtherMemberTakesTheRest() throws Exception {
    try (FakeSmtpServer limited = FakeSmtpServer.start();
        FakeSmtpServer open = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              limited: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 50 }
              open:    { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              all: { strategy: weighted, members: [ { upstream: limited, weight: 10 }, { upstream: open, weight: 1 } ] }
            routing: { default_pool: all }
            """.formatted(limited.port(), open.port()))) {
      relay.send(0, 300);
      relay.awaitEmptyQueue(WAIT);
      int limitedCount = limited.transactions().size();
      int openCount = open.transactions().size();
      assertTrue(limitedCount <= 50, "the limited member took " + limitedCount);
      assertEquals(50, limitedCount, "weight 10 against 1 fills the limited member's hour");
      assertEquals(300, limitedCount + openCount, "nothing lost");
    }
  }

  @Test
  void poolWhoseOnlyMemberIsCappedKeepsTheRestQueuedAndDeliversThemWhenTheWindowFrees() throws Exception {
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    try (FakeSmtpServer only = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              only: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 5 }
            pools:
              all: { members: [ { upstream: only } ] }
            routing: { default_pool: all }
            spool: { directory: ${dir}/spool, retry: { schedule: [1s], max_age: 1h } }
            """.formatted(only.port()), clock)) {
      relay.send(0, 8);
      for (int i = 0; i < 5; i++) {
        only.takeTransaction(WAIT);
      }
      Await.until(WAIT, "three messages waiting", () -> relay.queued() == 3);
      assertTrue(only.pollTransaction(Duration.ofSeconds(3)).isEmpty(), "the hourly limit holds");
      assertTrue(relay.counter("poolrelay.messages.waiting", "pool", "all") >= 1, "the first found no member");
      // Past max_age as well: waiting for capacity never bounces a message.
      clock.advance(Duration.ofMinutes(61));
      relay.awaitEmptyQueue(WAIT);
      assertEquals(8, only.transactions().size());
      assertEquals(0.0, relay.counter("poolrelay.recipients.bounced", "reason", "expired"));
    }
  }
}
