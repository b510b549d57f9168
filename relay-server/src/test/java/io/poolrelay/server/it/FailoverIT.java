package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Phase;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import io.poolrelay.upstreams.fakesmtp.Script;
import io.poolrelay.upstreams.fakesmtp.SocketEffect;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failover between the members of one pool, against the scriptable fake upstream. */
class FailoverIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String BODY = "From: app@example.com\r\nSubject: failover\r\n\r\nbody\r\n";

  @TempDir
  Path dir;

  /** A pool {@code all} trying {@code first} then {@code second} (priority order). */
  private static String priorityPool(int first, int second, String firstExtra) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none, connect_timeout: 2s, command_timeout: 2s, data_timeout: 1s %s }
          second: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
        routing: { default_pool: all }
        """.formatted(first, firstExtra, second);
  }

  private static String send(RunningRelay relay, List<String> recipients) throws IOException {
    try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
      SmtpDialog.expect(client.command("EHLO app.test"), "250");
      String reply = client.sendMessage("app@example.com", recipients, BODY);
      SmtpDialog.expect(reply, "250 2.0.0");
      return reply;
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void refusedConnectionFailsOverToTheNextMemberAtOnce() throws Exception {
    try (FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(closedPort(), second.port(), ""))) {
      send(relay, List.of("user@example.net"));
      assertEquals(List.of("user@example.net"), second.takeTransaction(WAIT).rcptTo());
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void greeting421FailsOver() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start(Script.accepting().reply(Phase.GREETING, 421, "4.3.2 busy"));
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      send(relay, List.of("user@example.net"));
      second.takeTransaction(WAIT);
      assertTrue(first.transactions().isEmpty());
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void transientReplyToMailFailsOver() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start(Script.accepting().reply(Phase.MAIL, 451, "4.3.0 try later"));
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      send(relay, List.of("user@example.net"));
      second.takeTransaction(WAIT);
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void transientReplyToDataFailsOver() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start(Script.accepting().reply(Phase.DATA, 451, "4.3.0 not now"));
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      send(relay, List.of("user@example.net"));
      second.takeTransaction(WAIT);
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void permanentRcptReplyIsFinalForThatRecipientOnly() throws Exception {
    Script refusesOne = Script.accepting().replyToRcpt("gone@example.net", 550, "5.1.1 no such user");
    try (FakeSmtpServer first = FakeSmtpServer.start(refusesOne);
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      send(relay, List.of("user@example.net", "gone@example.net"));
      RecordedTransaction delivered = first.takeTransaction(WAIT);
      assertEquals(List.of("user@example.net"), delivered.rcptTo());
      relay.awaitEmptyQueue(WAIT);
      assertTrue(second.transactions().isEmpty(), "a 5xx to RCPT must not fail over: " + second.transactions());
    }
  }

  @Test
  void rcptCodeListedInFailoverOnSendsThatRecipientToTheNextMember() throws Exception {
    Script refusesOne = Script.accepting().replyToRcpt("elsewhere@example.net", 550, "5.7.1 not from this account");
    try (FakeSmtpServer first = FakeSmtpServer.start(refusesOne);
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir,
            priorityPool(first.port(), second.port(), ", failover_on: [550]"))) {
      send(relay, List.of("user@example.net", "elsewhere@example.net"));
      assertEquals(List.of("user@example.net"), first.takeTransaction(WAIT).rcptTo());
      assertEquals(List.of("elsewhere@example.net"), second.takeTransaction(WAIT).rcptTo());
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void lostConnectionAfterTheFinalDotIsRetriedLaterAndNeverFailedOverAtOnce() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      // The first connection takes the message but never answers the final dot: ambiguous.
      first.enqueue(Script.accepting().on(Phase.END_OF_DATA, SocketEffect.stall()));
      send(relay, List.of("user@example.net"));
      RecordedTransaction unanswered = first.takeTransaction(WAIT);
      assertEquals(0, unanswered.replyCode());
      // The retry (schedule 1s) goes to the same pool again; the first member now answers.
      RecordedTransaction retried = first.takeTransaction(WAIT);
      assertTrue(retried.accepted());
      relay.awaitEmptyQueue(WAIT);
      assertTrue(second.transactions().isEmpty(), "an ambiguous failure must not fail over: " + second.transactions());
      assertEquals(1.0, relay.counter("poolrelay.deliveries.ambiguous", "pool", "all", "upstream", "first"));
    }
  }

  @Test
  void whenNoMemberTakesTheMessageItIsDeferredAndRetriedOnTheSchedule() throws Exception {
    // Each member refuses the first transaction on a connection and accepts the next one.
    Script refusesFirst = Script.accepting().reply(Phase.MAIL, 451, "4.3.0 later").once();
    try (FakeSmtpServer first = FakeSmtpServer.start(refusesFirst);
        FakeSmtpServer second = FakeSmtpServer.start(refusesFirst);
        RunningRelay relay = RunningRelay.start(dir, priorityPool(first.port(), second.port(), ""))) {
      send(relay, List.of("user@example.net"));
      RecordedTransaction delivered = first.takeTransaction(WAIT);
      assertTrue(delivered.accepted(), "the retry (schedule 1s) is delivered by the first member");
      assertEquals(1, delivered.transactionIndex(), "on the connection kept from the first attempt");
      assertTrue(second.transactions().isEmpty());
      relay.awaitEmptyQueue(WAIT);
    }
  }
}
