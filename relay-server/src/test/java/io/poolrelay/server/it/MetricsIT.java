package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.metrics.PrometheusText;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} and {@code GET /readyz} on a running relay: what a scrape says matches, series by
 * series, what the test made happen.
 */
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  /** Pool {@code all}: {@code first} (hourly limit 100; 550 to gone@, 551 to moved@ fails over), then {@code second}. */
  private static String config(int first, int second) {
    return """
        listeners:
          - { name: default, address: 127.0.0.1:0, max_recipients: 2 }
          - { name: closed, address: 127.0.0.1:0, allowed_networks: [10.0.0.0/8] }
        upstreams:
          first:  { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 100, failover_on: [551] }
          second: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { strategy: priority, members: [ { upstream: first }, { upstream: second } ] }
        routing: { default_pool: all }
        """.formatted(first, second);
  }

  static HttpResponse<String> get(RunningRelay relay, String path) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return http.send(HttpRequest.newBuilder(URI.create(relay.adminUrl() + path)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static PrometheusText scrape(RunningRelay relay) throws Exception {
    HttpResponse<String> response = get(relay, "/metrics");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
        response.headers().toString());
    return PrometheusText.parse(response.body());
  }

  @Test
  void scrapeCountsExactlyWhatHappenedPerListenerUpstreamAndPool() throws Exception {
    Script refusing = Script.accepting()
        .replyToRcpt("gone@example.net", 550, "5.1.1 no such user")
        .replyToRcpt("moved@example.net", 551, "5.7.1 not from this account");
    try (FakeSmtpServer first = FakeSmtpServer.start(refusing);
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(first.port(), second.port()))) {
      long bytes = 0;
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        for (int i = 0; i < 3; i++) {
          String body = "Subject: plain " + i + "\r\n\r\nbody " + i + "\r\n";
          SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user" + i + "@example.net"), body),
              "250 2.0.0");
          bytes += body.length();
        }
        // A null sender: the bounce of gone@ makes no DSN, so no extra delivery.
        String bouncing = "Subject: one bounces\r\n\r\nbody\r\n";
        SmtpDialog.expect(client.sendMessage("", List.of("ok@example.net", "gone@example.net"), bouncing),
            "250 2.0.0");
        bytes += bouncing.length();
        String failingOver = "Subject: one fails over\r\n\r\nbody\r\n";
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("ok2@example.net", "moved@example.net"),
            failingOver), "250 2.0.0");
        bytes += failingOver.length();
        // max_recipients: 2, so a third RCPT is refused.
        SmtpDialog.expect(client.command("MAIL FROM:<app@example.com>"), "250");
        SmtpDialog.expect(client.command("RCPT TO:<a@example.net>"), "250");
        SmtpDialog.expect(client.command("RCPT TO:<b@example.net>"), "250");
        SmtpDialog.expect(client.command("RCPT TO:<c@example.net>"), "452");
        SmtpDialog.expect(client.command("RSET"), "250");
      }
      // The second listener lets no loopback client in.
      try (SmtpDialog refused = SmtpDialog.connect(relay.relay().port("closed"))) {
        assertTrue(refused.greeting().startsWith("554"), refused.greeting());
      }
      relay.awaitEmptyQueue(WAIT);
      Await.until(WAIT, "the last transaction to be counted", () -> {
        try {
          return scrape(relay).find("poolrelay_delivery_attempts_total", "upstream", "second").orElse(0.0) == 1
              && scrape(relay).value("poolrelay_queue_messages", "state", "active", "pool", "all") == 0;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      PrometheusText m = scrape(relay);
      // Listeners.
      assertEquals(1, m.value("poolrelay_listener_connections_total", "listener", "default"));
      assertEquals(5, m.value("poolrelay_listener_messages_accepted_total", "listener", "default"));
      assertEquals(bytes, m.value("poolrelay_listener_received_bytes_total", "listener", "default"));
      assertEquals(1, m.value("poolrelay_listener_rejections_total", "listener", "default", "reason",
          "too_many_recipients"));
      assertEquals(0, m.value("poolrelay_listener_rejections_total", "listener", "default", "reason",
          "relay_denied"));
      assertEquals(1, m.value("poolrelay_listener_rejections_total", "listener", "closed", "reason", "relay_denied"));
      assertEquals(0, m.value("poolrelay_listener_connections_total", "listener", "closed"));
      assertEquals(0, m.value("poolrelay_listener_messages_accepted_total", "listener", "closed"));

      // Deliveries: five transactions with first, one with second (moved@ failed over to it).
      assertEquals(5, m.value("poolrelay_delivery_attempts_total", "pool", "all", "upstream", "first"));
      assertEquals(1, m.value("poolrelay_delivery_attempts_total", "pool", "all", "upstream", "second"));
      assertEquals(5, recipients(m, "first", "delivered"));
      assertEquals(1, recipients(m, "first", "bounced"));
      assertEquals(1, recipients(m, "first", "failed_over"));
      assertEquals(0, recipients(m, "first", "deferred"));
      assertEquals(1, recipients(m, "second", "delivered"));
      assertEquals(0, recipients(m, "second", "bounced"));
      assertEquals(0, recipients(m, "second", "failed_over"));
      assertEquals(5, m.value("poolrelay_delivery_duration_seconds_count", "upstream", "first"));
      assertEquals(1, m.value("poolrelay_delivery_duration_seconds_count", "upstream", "second"));
      assertEquals(5, m.value("poolrelay_delivery_duration_seconds_bucket", "upstream", "first", "le", "+Inf"));
      assertEquals(1, m.value("poolrelay_recipients_bounced_total", "reason", "rejected"));

      // Upstreams: usage against the hourly limit, quota left, state.
      assertEquals(5, m.value("poolrelay_upstream_sent", "upstream", "first", "window", "hour"));
      assertEquals(5, m.value("poolrelay_upstream_sent", "upstream", "first", "window", "day"));
      assertEquals(1, m.value("poolrelay_upstream_sent", "upstream", "second", "window", "hour"));
      assertEquals(100, m.value("poolrelay_upstream_limit", "upstream", "first", "window", "hour"));
      assertEquals(95, m.value("poolrelay_upstream_quota_remaining", "upstream", "first", "window", "hour"));
      assertEquals(Optional.empty(), m.find("poolrelay_upstream_limit", "upstream", "first", "window", "day"));
      assertEquals(Optional.empty(), m.find("poolrelay_upstream_limit", "upstream", "second", "window", "hour"));
      assertEquals(Optional.empty(),
          m.find("poolrelay_upstream_quota_remaining", "upstream", "second", "window", "hour"));
      assertEquals(1, m.value("poolrelay_upstream_state", "upstream", "first", "state", "up"));
      for (String state : List.of("down", "paused", "disabled", "capped")) {
        assertEquals(0, m.value("poolrelay_upstream_state", "upstream", "first", "state", state), state);
      }
      assertEquals(0, m.value("poolrelay_upstream_in_flight", "upstream", "first"));
      assertTrue(m.value("poolrelay_upstream_connections", "upstream", "first") >= 0);

      // The queue is empty again, and the pool has nothing left to send.
      for (String state : List.of("incoming", "active", "deferred", "waiting")) {
        for (String pool : List.of("all", "unrouted")) {
          assertEquals(0, m.value("poolrelay_queue_messages", "state", state, "pool", pool), state + " " + pool);
        }
      }
      assertEquals(0, m.value("poolrelay_queue_oldest_age_seconds"));
      assertEquals(0, m.value("poolrelay_spool_bytes"));
      assertEquals(0, m.value("poolrelay_pool_time_to_send_seconds", "pool", "all"));

      // The process.
      assertTrue(m.matching("jvm_memory_used_bytes", "area", "heap").stream()
          .mapToDouble(PrometheusText.Sample::value).sum() > 0);
      assertTrue(m.names().contains("process_uptime_seconds"));
      assertTrue(m.names().contains("jvm_threads_live_threads"));
    }
  }

  private static double recipients(PrometheusText m, String upstream, String outcome) {
    return m.value("poolrelay_delivery_recipients_total", "pool", "all", "upstream", upstream, "outcome", outcome);
  }

  @Test
  void complaintsReportedThroughTheAdminApiAreCounted() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(first.port(), second.port())
            .replace("failover_on: [551] }", "failover_on: [551], guard: { min_sample: 10, complaint_rate: 5%, pause_for: 1h } }"))) {
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(relay.adminUrl() + "/api/upstreams/first/complaints?count=3"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
      }
      PrometheusText m = scrape(relay);
      assertEquals(3, m.value("poolrelay_upstream_complaints_total", "upstream", "first"));
      assertTrue(m.find("poolrelay_upstream_complaint_ratio", "upstream", "first").isPresent());
      assertEquals(0, m.find("poolrelay_upstream_complaints_total", "upstream", "second").orElse(0.0));
    }
  }

  @Test
  void readyzIsOkWhileListenersAreBoundAndTheSpoolIsWritable() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(first.port(), second.port()))) {
      HttpResponse<String> ready = get(relay, "/readyz");
      assertEquals(200, ready.statusCode());
      assertEquals("{\"ready\":true}", ready.body());

      // Root ignores permissions, so take the spool directory away instead of making it read-only.
      Path spool = relay.relay().spool().root();
      Path aside = spool.resolveSibling("spool-aside");
      Files.move(spool, aside);
      try {
        HttpResponse<String> notReady = get(relay, "/readyz");
        assertEquals(503, notReady.statusCode());
        assertEquals("{\"ready\":false,\"problems\":[\"spool directory is not writable\"]}", notReady.body());
      } finally {
        Files.move(aside, spool);
      }
      assertEquals(200, get(relay, "/readyz").statusCode());
    }
  }

  @Test
  void metricsNeedTheTokenWhenOneIsConfiguredAndReadyzDoesNot() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(first.port(), second.port())
            + "admin: { address: 127.0.0.1:0, token: s3cret-token-for-tests }\n")) {
      assertEquals(401, get(relay, "/metrics").statusCode());
      assertEquals(200, get(relay, "/readyz").statusCode());
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(relay.adminUrl() + "/metrics"))
            .header("Authorization", "Bearer s3cret-token-for-tests").build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("poolrelay_upstream_state{"), response.body());
      }
    }
  }

  @Test
  void aReloadThatRemovesAnUpstreamAndAddsAnotherChangesTheSeriesAtOnce() throws Exception {
    try (FakeSmtpServer first = FakeSmtpServer.start();
        FakeSmtpServer second = FakeSmtpServer.start();
        FakeSmtpServer third = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, config(first.port(), second.port()))) {
      relay.send(0, 1);
      first.takeTransaction(WAIT);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1, scrape(relay).value("poolrelay_upstream_state", "upstream", "second", "state", "up"));

      relay.writeConfig("""
          listeners:
            - { name: default, address: 127.0.0.1:0, max_recipients: 2 }
            - { name: closed, address: 127.0.0.1:0, allowed_networks: [10.0.0.0/8] }
          upstreams:
            first: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 50 }
            third: { type: smtp, host: 127.0.0.1, port: %d, tls: none, daily_limit: 500 }
          pools:
            main: { strategy: priority, members: [ { upstream: first }, { upstream: third } ] }
          routing: { default_pool: main }
          """.formatted(first.port(), third.port()));
      assertTrue(relay.relay().reload().applied());

      PrometheusText m = scrape(relay);
      assertEquals(List.of(), m.matching("poolrelay_upstream_state", "upstream", "second"));
      assertEquals(List.of(), m.matching("poolrelay_queue_messages", "pool", "all"));
      assertEquals(List.of(), m.matching("poolrelay_delivery_attempts_total", "pool", "all"));
      assertEquals(1, m.value("poolrelay_upstream_state", "upstream", "third", "state", "up"));
      assertEquals(500, m.value("poolrelay_upstream_limit", "upstream", "third", "window", "day"));
      assertEquals(50, m.value("poolrelay_upstream_limit", "upstream", "first", "window", "hour"));
      assertEquals(1, m.value("poolrelay_upstream_sent", "upstream", "first", "window", "hour"),
          "a kept upstream keeps its counts");
      assertEquals(0, m.value("poolrelay_queue_messages", "state", "waiting", "pool", "main"));
      assertEquals(0, m.value("poolrelay_pool_time_to_send_seconds", "pool", "main"));
    }
  }
}

