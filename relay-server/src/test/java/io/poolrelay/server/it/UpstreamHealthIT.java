package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.fakesmtp.SocketEffect;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health in a running relay: a pool member that keeps failing is marked down and skipped, shows as down
 * in {@code /api/upstreams}, and takes mail again once a probe passes.
 */
class UpstreamHealthIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration COOL_DOWN = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  /** A pool {@code all} preferring {@code first} over {@code second}; {@code health} is first's. */
  private static String priorityPool(int first, int second, String health) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none, connect_timeout: 2s, command_timeout: 10s,
                    health: %s }
          second: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
        routing: { default_pool: all }
        """.formatted(first, health, second);
  }


  private static void takeTransactions(FakeSmtpServer upstream, int count) {
    for (int i = 0; i < count; i++) {
      upstream.takeTransaction(WAIT);
    }
  }

  @Test
  void memberFailingTwiceIsMarkedDownAndSkippedUntilAProbePasses() throws Exception {
    // Active checks once an hour: only deliveries count failures, and only probes bring it back.
    String health = "{ interval: 1h, timeout: 2s, failures_to_down: 2, cool_down: 2s, max_cool_down: 2s }";
    try (FakeSmtpServer first = FakeSmtpServer.start(Script.accepting().reply(Phase.GREETING, 421, "4.3.2 busy"));
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), health))) {
      relay.send(0, 1);
      takeTransactions(second, 1);
      relay.awaitEmptyQueue(WAIT);
      assertEquals("up", UpstreamEntry.fetch(relay, "first").state(), "one failure of two");

      relay.send(0, 1);
      takeTransactions(second, 1);
      Await.until(WAIT, "first to be down", () -> UpstreamEntry.fetch(relay, "first").state().equals("down"));
      UpstreamEntry down = UpstreamEntry.fetch(relay, "first");
      assertTrue(down.reason().startsWith("2 consecutive failures, last: 421 4.3.2 busy"), down.toString());

      int connectionsWhenDown = first.connectionCount();
      long startNanos = System.nanoTime();
      relay.send(0, 10);
      takeTransactions(second, 10);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      // Probes still connect once per cool-down while it is down; trying it for each message would add ten.
      long probesPossible = elapsed.dividedBy(COOL_DOWN) + 1;
      int connectionsSince = first.connectionCount() - connectionsWhenDown;
      assertTrue(connectionsSince <= probesPossible,
          connectionsSince + " connections to a down member in " + elapsed + ", at most " + probesPossible + " probes");
      assertEquals("down", UpstreamEntry.fetch(relay, "first").state());

      // It comes back: the next connections are accepted (the probe's and the deliveries').
      for (int i = 0; i < 20; i++) {
        first.enqueue(Script.accepting());
      }
      Await.until(WAIT, "a probe to bring first back up", () -> UpstreamEntry.fetch(relay, "first").state().equals("up"));
      relay.send(0, 3);
      takeTransactions(first, 3);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(12, second.transactions().size(), "second took only what came while first was failing");
      assertEquals(3, first.transactions().size());
    }
  }

  @Test
  void memberWhoseChecksDoNotAnswerWithinTheTimeoutIsMarkedDownAndSkipped() throws Exception {
    // The greeting never comes; the command timeout (10s) is far longer than the health timeout (1s).
    String health = "{ interval: 1s, timeout: 1s, failures_to_down: 2, cool_down: 1m, max_cool_down: 1m }";
    try (FakeSmtpServer first = FakeSmtpServer.start(Script.accepting().on(Phase.GREETING, SocketEffect.stall()));
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), health))) {
      Await.until(WAIT, "first to be down", () -> UpstreamEntry.fetch(relay, "first").state().equals("down"));
      assertEquals("2 consecutive failures, last: active check TIMEOUT failed: no answer within 1s",
          UpstreamEntry.fetch(relay, "first").reason());

      long startNanos = System.nanoTime();
      relay.send(0, 1);
      takeTransactions(second, 1);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      assertTrue(elapsed.compareTo(Duration.ofSeconds(10)) < 0,
          "delivered in " + elapsed + ": sooner than a stalled first member's command timeout, so it was skipped");
      relay.awaitEmptyQueue(WAIT);
      assertTrue(first.transactions().isEmpty());
      first.close(); // releases the stalled probe connections before the relay stops
    }
  }
}
