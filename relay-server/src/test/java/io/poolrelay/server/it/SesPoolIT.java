package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.upstreams.health.HealthState;
import io.poolrelay.upstreams.health.HealthStatus;
import io.poolrelay.upstreams.sesstub.RecordedSend;
import io.poolrelay.upstreams.sesstub.SesErrorAnswers;
import io.poolrelay.upstreams.sesstub.SesStub;
import io.poolrelay.upstreams.sesstub.StubAccount;
import io.poolrelay.upstreams.smtp.SmtpSink;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool that mixes Postfix's {@code smtp-sink} (an SMTP relay) with an SES account (the tests' SES v2
 * stub), end to end through a running relay: shares by weight, failover both ways, and the account's
 * quota clamping the configured daily limit.
 */
class SesPoolIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** An SES upstream at the stub; only its first health check (at start) reads the account. */
  private static String ses(SesStub stub, String extra) {
    return "{ type: ses, region: us-east-1, endpoint: \"" + stub.url() + "\", access_key_id: AKIDPOOLRELAYTEST,"
        + " secret_access_key: pool-relay-test-secret, health: { interval: 1h }" + extra + " }";
  }

  private static String config(String sesUpstream, int sinkPort, int sesWeight, int smtpWeight) {
    return """
        listeners: [ { name: default, address: 127.0.0.1:0 } ]
        upstreams:
          ses: %s
          relay: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: weighted, members: [ { upstream: ses, weight: %d }, { upstream: relay, weight: %d } ] }
        routing: { default_pool: all }
        spool: { directory: ${dir}/spool, retry: { schedule: [1h], max_age: 2d } }
        """.formatted(sesUpstream, sinkPort, sesWeight, smtpWeight);
  }

  private static long accepted(SesStub stub) {
    return stub.sends().stream().filter(RecordedSend::accepted).count();
  }

  private static void awaitAccountRead(RunningRelay relay) {
    Await.until(WAIT, "the SES account read at start",
        () -> relay.relay().fleet().get("ses").account().isPresent());
  }

  @Test
  void weightsSplitMailBetweenAnSmtpRelayAndAnSesAccountWithinOnePercent() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(StubAccount.production().withMaxSendRate(10_000), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ", use_account_quota: false"), sink.port(), 1, 3))) {
      relay.send(0, 400);
      relay.awaitEmptyQueue(WAIT);

      long smtp = sink.awaitMessages(300, WAIT);
      long ses = accepted(stub);
      assertEquals(400, smtp + ses, "nothing lost");
      assertTrue(Math.abs(ses - 100) <= 4, "SES took " + ses + " of 400 at weight 1 against 3");
    }
  }

  @Test
  void aThrottledSesMemberSendsThroughTheSmtpMemberAndBacksOffBeforeTakingMailAgain() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(StubAccount.production().withMaxSendRate(10_000), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ""), sink.port(), 100, 1))) {
      awaitAccountRead(relay);
      stub.enqueueSend(SesErrorAnswers.maximumSendingRateExceeded());

      relay.send(0, 1);
      assertEquals(1, sink.awaitMessages(1, WAIT), "the throttled message went through the SMTP member");
      relay.awaitEmptyQueue(WAIT);
      UpstreamRuntime ses = relay.relay().fleet().get("ses");
      String reason = ses.unavailable(Instant.now()).orElse("");
      assertTrue(reason.startsWith("throttled: SES throttled: Maximum sending rate exceeded"), reason);
      assertEquals(HealthState.UP, ses.health().status(Instant.now()).state(),
          "a throttle is no failure of the upstream");

      Await.until(WAIT, "the back-off to end", () -> ses.unavailable(Instant.now()).isEmpty());
      relay.send(1, 2);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1, accepted(stub), "SES takes mail again once its back-off ends");
      assertEquals(2, stub.sends().size());
    }
  }

  @Test
  void aSuspendedSesAccountIsPausedUntilResumedWhileTheSmtpMemberTakesTheMail() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(StubAccount.production().withMaxSendRate(10_000), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ""), sink.port(), 100, 1))) {
      awaitAccountRead(relay);
      stub.enqueueSend(SesErrorAnswers.accountSuspended());

      relay.send(0, 1);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1, sink.awaitMessages(1, WAIT), "the refused message went through the SMTP member");
      UpstreamRuntime ses = relay.relay().fleet().get("ses");
      HealthStatus status = ses.health().status(Instant.now());
      assertEquals(HealthState.PAUSED, status.state());
      assertTrue(status.reason().contains("AccountSuspendedException"), status.reason());

      relay.send(1, 6);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(6, sink.awaitMessages(6, WAIT), "every message went through the SMTP member");
      assertEquals(1, stub.sends().size(), "a paused member is offered nothing");

      assertTrue(ses.health().resume());
      relay.send(6, 7);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1, accepted(stub), "after resume SES takes mail again");
    }
  }

  @Test
  void whenTheSmtpMemberIsDownEveryMessageGoesThroughSes() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SesStub stub = SesStub.start(StubAccount.production().withMaxSendRate(10_000), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ", max_rate: 10000, burst: 100"),
            closedPort, 1, 100))) {
      awaitAccountRead(relay);
      relay.send(0, 20);
      relay.awaitEmptyQueue(WAIT);

      assertEquals(20, accepted(stub));
      assertTrue(relay.counter("poolrelay.delivery.recipients", "pool", "all", "upstream", "relay",
          "outcome", "failed_over") >= 1, "the SMTP member was tried and failed over");
    }
  }

  @Test
  void anAccountQuotaBelowTheDailyLimitCapsSesAtWhatIsLeftOfItAndTheSmtpMemberTakesTheRest() throws Exception {
    StubAccount account = StubAccount.production().withMax24HourSend(20).withSentLast24Hours(5).withMaxSendRate(1000);
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(account, true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ", daily_limit: 1000, max_rate: 1000, burst: 100"),
            sink.port(), 100, 1))) {
      awaitAccountRead(relay);

      relay.send(0, 40);
      relay.awaitEmptyQueue(WAIT);

      assertEquals(15, accepted(stub), "Max24HourSend 20 less SentLast24Hours 5");
      assertEquals(25, sink.awaitMessages(25, WAIT), "the SMTP member takes the rest, nothing lost");
      UpstreamRuntime ses = relay.relay().fleet().get("ses");
      String reason = ses.unavailable(Instant.now()).orElse("");
      assertTrue(reason.startsWith("capped: account quota 20/24h reached"), reason);
    }
  }

  @Test
  void anAccountThatCannotSendIsPausedAtTheFirstReadAndTheSmtpMemberTakesTheMail() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(StubAccount.production().withSendingEnabled(false), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ""), sink.port(), 100, 1))) {
      UpstreamRuntime ses = relay.relay().fleet().get("ses");
      Await.until(WAIT, "the SES member paused by its account",
          () -> ses.health().status(Instant.now()).state() == HealthState.PAUSED);

      relay.send(0, 3);
      relay.awaitEmptyQueue(WAIT);

      assertEquals(3, sink.awaitMessages(3, WAIT));
      assertEquals(0, stub.sends().size());
      assertTrue(ses.health().status(Instant.now()).reason().contains("sending disabled"),
          ses.health().status(Instant.now()).reason());
    }
  }

  @Test
  void aSandboxAccountIsFlaggedInTheMetricsAndTheUpstreamView() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        SesStub stub = SesStub.start(StubAccount.sandbox(), true);
        RunningRelay relay = RunningRelay.start(dir, config(ses(stub, ""), sink.port(), 1, 1))) {
      awaitAccountRead(relay);

      var gauge = relay.relay().metrics().registry().find("poolrelay.upstream.sandbox").tag("upstream", "ses").gauge();
      assertEquals(1.0, gauge.value());
      var day = relay.relay().metrics().registry().find("poolrelay.upstream.limit").tags("upstream", "ses", "window", "day")
          .gauge();
      assertEquals(200.0, day.value(), "the sandbox's 200 a day clamps an upstream with no daily_limit");
      String table = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(relay.adminUrl() + "/api/upstreams?format=table")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(table.contains("ses (sandbox)"), table);
      assertTrue(table.contains("0/200"), table);
    }
  }
}
