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

/**
 * A warming member in a running relay takes no more than its step's cap, spread over the UTC day; the
 * other member of its pool takes the rest, and nothing is lost.
 */
class WarmupIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  /** Warmup from 2026-11-24 at 10 then 20 a day; the warming member has ten times the other's weight. */
  private static String pool(int warming, int open) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          warming: { type: smtp, host: 127.0.0.1, port: %d, tls: none, warmup: { start: 2026-11-24, daily: [10, 20] } }
          open:    { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: weighted, members: [ { upstream: warming, weight: 10 }, { upstream: open, weight: 1 } ] }
        routing: { default_pool: all }
        """.formatted(warming, open);
  }


  @Test
  void lateInTheDayAWarmingMemberTakesItsWholeStepCapAndNoMore() throws Exception {
    // 23:00 UTC: the elapsed day plus the one-hour head start covers the whole day's cap.
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T23:00:00Z"));
    try (FakeSmtpServer warming = FakeSmtpServer.start();
        FakeSmtpServer open = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, pool(warming.port(), open.port()), clock)) {
      UpstreamEntry before = UpstreamEntry.fetch(relay, "warming");
      assertEquals("up", before.state());
      assertEquals("step 1 (10/day)", before.warmup());
      assertEquals(10, before.dailyCap());

      relay.send(0, 30);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(10, warming.transactions().size(), "the first step's cap");
      assertEquals(20, open.transactions().size(), "the rest; 30 sent, nothing lost");

      UpstreamEntry after = UpstreamEntry.fetch(relay, "warming");
      assertEquals("capped", after.state());
      assertTrue(after.reason().startsWith("capped: warmup cap 10/day reached"), after.toString());
      assertEquals("step 1 (10/day)", after.warmup());
      assertEquals(10, after.sentLast24h());
    }
  }

  @Test
  void atMiddayAWarmingMemberTakesOnlyTheShareOfTheDaySoFar() throws Exception {
    // 11:00 UTC: 11 hours elapsed plus the one-hour head start is half the day, so 5 of the cap of 10.
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T11:00:00Z"));
    try (FakeSmtpServer warming = FakeSmtpServer.start();
        FakeSmtpServer open = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, pool(warming.port(), open.port()), clock)) {
      relay.send(0, 30);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(5, warming.transactions().size(), "half the day's cap by midday");
      assertEquals(25, open.transactions().size(), "the rest; 30 sent, nothing lost");

      UpstreamEntry after = UpstreamEntry.fetch(relay, "warming");
      assertEquals("capped", after.state());
      assertTrue(after.reason().startsWith("capped: warmup pace (5 so far today) reached"), after.toString());
      assertEquals("step 1 (10/day)", after.warmup());
    }
  }
}
