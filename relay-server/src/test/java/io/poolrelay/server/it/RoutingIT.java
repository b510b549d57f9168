package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes, hint stripping and the pool boundary: mail leaves only through its pool or an explicit fallback. */
class RoutingIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private static String config(int marketing, int transactional, String marketingExtra, String routingExtra) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          mkt: { type: smtp, host: 127.0.0.1, port: %d, tls: none, connect_timeout: 2s }
          txn: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          marketing: { members: [ { upstream: mkt } ] %s }
          all: { members: [ { upstream: txn } ] }
        routing:
          %s
          routes:
            - { match: { header: X-Campaign-Type, value: "news*" }, pool: marketing }
            - { match: { sender_domain: promo.example.com }, pool: marketing }
          default_pool: all
        """.formatted(marketing, transactional, marketingExtra, routingExtra);
  }

  private static void send(RunningRelay relay, String from, String headers) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      SmtpDialog.expect(client.sendMessage(from, List.of("user@example.net"),
          headers + "From: " + from + "\r\nSubject: routing\r\n\r\nbody\r\n"), "250 2.0.0");
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void hintHeaderGlobRoutesCaseInsensitivelyAndTheHeaderIsStripped() throws Exception {
    try (FakeSmtpServer marketing = FakeSmtpServer.start();
        FakeSmtpServer transactional = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(marketing.port(), transactional.port(), "", ""))) {
      send(relay, "app@example.com", "x-campaign-type: NewsLetter\r\n");
      RecordedTransaction received = marketing.takeTransaction(WAIT);
      assertFalse(received.dataAsString().toLowerCase().contains("x-campaign-type"), received.dataAsString());
      relay.awaitEmptyQueue(WAIT);
      assertTrue(transactional.transactions().isEmpty());
    }
  }

  @Test
  void hintHeadersStayWhenStrippingIsTurnedOff() throws Exception {
    try (FakeSmtpServer marketing = FakeSmtpServer.start();
        FakeSmtpServer transactional = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir,
            config(marketing.port(), transactional.port(), "", "strip_hint_headers: false"))) {
      send(relay, "app@example.com", "X-Campaign-Type: newsletter\r\n");
      assertTrue(marketing.takeTransaction(WAIT).dataAsString().contains("X-Campaign-Type: newsletter\r\n"));
    }
  }

  @Test
  void senderDomainRouteAndDefaultPool() throws Exception {
    try (FakeSmtpServer marketing = FakeSmtpServer.start();
        FakeSmtpServer transactional = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(marketing.port(), transactional.port(), "", ""))) {
      send(relay, "deals@promo.example.com", "");
      assertEquals("deals@promo.example.com", marketing.takeTransaction(WAIT).mailFrom());
      send(relay, "receipts@shop.example.com", "X-Campaign-Type: receipt\r\n");
      assertEquals("receipts@shop.example.com", transactional.takeTransaction(WAIT).mailFrom());
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void mailForAPoolWithNoWorkingMemberWaitsAndNeverLeavesThroughAnotherPool() throws Exception {
    try (FakeSmtpServer transactional = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(closedPort(), transactional.port(), "", ""))) {
      send(relay, "app@example.com", "X-Campaign-Type: newsletter\r\n");
      Await.until(WAIT, "the message to be deferred",
          () -> relay.countMessages(relay.relay().spool().directory(QueueDirectory.DEFERRED)) == 1);
      assertTrue(transactional.pollTransaction(Duration.ofMillis(1500)).isEmpty(),
          "marketing mail must not leave through the all pool without a fallback");
      assertEquals(1, relay.queued());
      assertEquals(0.0, relay.counter("poolrelay.fallbacks"));
    }
  }

  @Test
  void explicitFallbackPoolTakesTheMailWhenThePoolCannot() throws Exception {
    try (FakeSmtpServer transactional = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir,
            config(closedPort(), transactional.port(), ", fallback: all", ""))) {
      send(relay, "app@example.com", "X-Campaign-Type: newsletter\r\n");
      assertEquals(List.of("user@example.net"), transactional.takeTransaction(WAIT).rcptTo());
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1.0, relay.counter("poolrelay.fallbacks", "pool", "marketing", "fallback", "all"));
    }
  }

  @Test
  void mailForAPoolWhoseMembersAreAllDisabledWaitsAndIsCounted() throws Exception {
    String yaml = """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          off: { type: smtp, host: 127.0.0.1, port: %d, tls: none, enabled: false }
        pools:
          all: { members: [ { upstream: off } ] }
        routing: { default_pool: all }
        """;
    try (FakeSmtpServer disabled = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, yaml.formatted(disabled.port()))) {
      send(relay, "app@example.com", "");
      Await.until(WAIT, "the message to be deferred",
          () -> relay.countMessages(relay.relay().spool().directory(QueueDirectory.DEFERRED)) == 1);
      assertEquals(1.0, relay.counter("poolrelay.messages.waiting", "pool", "all"));
      assertEquals(0, disabled.connectionCount());
    }
  }

  @Test
  void disabledMembersAreNeverPicked() throws Exception {
    String yaml = """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          off: { type: smtp, host: 127.0.0.1, port: %d, tls: none, enabled: false }
          on:  { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: priority, members: [ { upstream: off, weight: 100 }, { upstream: on } ] }
        routing: { default_pool: all }
        """;
    try (FakeSmtpServer disabled = FakeSmtpServer.start();
        FakeSmtpServer enabled = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, yaml.formatted(disabled.port(), enabled.port()))) {
      for (int i = 0; i < 5; i++) {
        send(relay, "app@example.com", "");
      }
      relay.awaitEmptyQueue(WAIT);
      assertEquals(5, enabled.transactions().size());
      assertEquals(0, disabled.connectionCount());
    }
  }
}
