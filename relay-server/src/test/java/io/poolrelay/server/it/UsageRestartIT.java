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

/** Usage counts survive a restart on the same spool, so a restart never grants an hourly limit twice. */
class UsageRestartIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  /** A pool {@code all} preferring {@code limited} (5 an hour) over {@code open}. */
  private static String pool(int limited, int open) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          limited: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 5 }
          open:    { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: priority, members: [ { upstream: limited }, { upstream: open } ] }
        routing: { default_pool: all }
        """.formatted(limited, open);
  }


  /** Runs a relay that sends three messages through {@code limited}, then stops it. */
  private void sendThreeAndStop(FakeSmtpServer limited, FakeSmtpServer open, FakeTime clock) throws Exception {
    try (RunningRelay relay = RunningRelay.start(dir, pool(limited.port(), open.port()), clock)) {
      relay.send(0, 3);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(3, UpstreamEntry.fetch(relay, "limited").sentLastHour());
    }
    assertEquals(3, limited.transactions().size());
    assertEquals(0, open.transactions().size());
  }

  @Test
  void restartedRelayGivesTheMemberOnlyWhatIsLeftOfItsHourlyLimit() throws Exception {
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    try (FakeSmtpServer limited = FakeSmtpServer.start();
        FakeSmtpServer open = FakeSmtpServer.start()) {
      sendThreeAndStop(limited, open, clock);
      clock.advance(Duration.ofMinutes(10));

      try (RunningRelay restarted = RunningRelay.start(dir, pool(limited.port(), open.port()), clock)) {
        UpstreamEntry carried = UpstreamEntry.fetch(restarted, "limited");
        assertEquals(3, carried.sentLastHour(), "the count from before the restart: " + carried);
        assertEquals(5, carried.hourlyLimit());
        assertEquals("up", carried.state());

        restarted.send(0, 6);
        restarted.awaitEmptyQueue(WAIT);
        assertEquals(5, limited.transactions().size(), "two more after the restart, five in the hour");
        assertEquals(4, open.transactions().size(), "the rest of the six; nothing lost");

        UpstreamEntry capped = UpstreamEntry.fetch(restarted, "limited");
        assertEquals("capped", capped.state());
        assertTrue(capped.reason().startsWith("capped: hourly limit 5 reached"), capped.toString());
        assertEquals(5, capped.sentLastHour());
      }
    }
  }

  @Test
  void countsCarriedOverLeaveTheWindowAnHourAfterTheyWereMade() throws Exception {
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    try (FakeSmtpServer limited = FakeSmtpServer.start();
        FakeSmtpServer open = FakeSmtpServer.start()) {
      sendThreeAndStop(limited, open, clock);
      // Counts leave the rolling hour up to a minute late (one-minute buckets), never early.
      clock.advance(Duration.ofMinutes(62));

      try (RunningRelay restarted = RunningRelay.start(dir, pool(limited.port(), open.port()), clock)) {
        UpstreamEntry carried = UpstreamEntry.fetch(restarted, "limited");
        assertEquals(0, carried.sentLastHour(), carried.toString());
        assertEquals(3, carried.sentLast24h(), "still counted for the day: " + carried);

        restarted.send(0, 6);
        restarted.awaitEmptyQueue(WAIT);
        assertEquals(3 + 5, limited.transactions().size(), "a whole new hour's limit");
        assertEquals(1, open.transactions().size());
      }
    }
  }
}
