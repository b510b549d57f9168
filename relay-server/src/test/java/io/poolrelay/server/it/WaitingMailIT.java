package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.time.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail that waits because no member of its pool can take it leaves as soon as capacity returns, oldest
 * first, without polling on the retry schedule.
 */
class WaitingMailIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;


  private static String recipientOf(RecordedTransaction transaction) {
    return transaction.rcptTo().getFirst();
  }

  @Test
  void resumingAPausedMemberReleasesWaitingMailAtOnceRatherThanAtTheNextRetry() throws Exception {
    try (FakeSmtpServer only = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              only: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
            pools:
              all: { members: [ { upstream: only } ] }
            routing: { default_pool: all }
            spool: { directory: ${dir}/spool, retry: { schedule: [1h], max_age: 2d } }
            """.formatted(only.port()))) {
      relay.relay().fleet().get("only").health().pause(Duration.ofHours(2), "maintenance");
      relay.send(0, 3);
      Await.until(WAIT, "three messages waiting in deferred/",
          () -> relay.countMessages(relay.relay().spool().directory(QueueDirectory.DEFERRED)) == 3);

      relay.relay().fleet().get("only").health().resume();

      // The first retry step is an hour: only the resume can have released them.
      relay.awaitEmptyQueue(Duration.ofSeconds(10));
      assertEquals(3, only.transactions().size());
    }
  }

  @Test
  void whenAnHourlyLimitFreesTheOldestWaitingMailLeavesFirst() throws Exception {
    FakeTime clock = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    try (FakeSmtpServer only = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              only: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 2 }
            pools:
              all: { members: [ { upstream: only } ] }
            routing: { default_pool: all }
            """.formatted(only.port()), clock)) {
      relay.send(0, 2);
      List<String> first = List.of(recipientOf(only.takeTransaction(WAIT)), recipientOf(only.takeTransaction(WAIT)));
      assertEquals(List.of("user0@example.net", "user1@example.net"), first.stream().sorted().toList());
      relay.send(2, 6);
      Await.until(WAIT, "four messages waiting", () -> relay.queued() == 4);
      assertTrue(only.pollTransaction(Duration.ofSeconds(2)).isEmpty(), "the hour is full");

      clock.advance(Duration.ofMinutes(61));
      List<String> next = List.of(recipientOf(only.takeTransaction(WAIT)), recipientOf(only.takeTransaction(WAIT)));
      assertEquals(List.of("user2@example.net", "user3@example.net"), next.stream().sorted().toList(),
          "the two oldest go first");
      assertTrue(only.pollTransaction(Duration.ofSeconds(2)).isEmpty(), "and no more than the hour allows");
      assertEquals(2, relay.queued());

      clock.advance(Duration.ofMinutes(61));
      relay.awaitEmptyQueue(WAIT);
      assertEquals(6, only.transactions().size());
    }
  }
}
