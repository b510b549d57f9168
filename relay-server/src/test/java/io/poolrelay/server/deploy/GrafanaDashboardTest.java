package io.poolrelay.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.admin.JsonReader;
import io.poolrelay.server.it.Await;
import io.poolrelay.server.it.RunningRelay;
import io.poolrelay.server.it.SmtpDialog;
import io.poolrelay.server.metrics.PrometheusText;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/grafana/poolrelay-dashboard.json} is a Grafana dashboard over a Prometheus data source, and
 * every metric its panels and variables query is in a real scrape of a running relay: the dashboard
 * cannot drift from the metrics.
 */
class GrafanaDashboardTest {

  private static final Pattern METRIC = Pattern.compile("\\b((?:poolrelay|jvm|process)_[a-z0-9_]+)\\b");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private static Map<?, ?> dashboard() throws Exception {
    Path file = DeployFiles.repositoryRoot().resolve("conf/grafana/poolrelay-dashboard.json");
    return (Map<?, ?>) JsonReader.parse(DeployFiles.read(file));
  }

  /** Every panel, rows' nested panels included. */
  private static List<Map<?, ?>> panels(Map<?, ?> dashboard) {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object panel : (List<?>) dashboard.get("panels")) {
      Map<?, ?> map = (Map<?, ?>) panel;
      out.add(map);
      if (map.get("panels") instanceof List<?> nested) {
        nested.forEach(p -> out.add((Map<?, ?>) p));
      }
    }
    return out;
  }

  private static List<String> expressions(Map<?, ?> dashboard) {
    List<String> out = new ArrayList<>();
    for (Map<?, ?> panel : panels(dashboard)) {
      if (panel.get("targets") instanceof List<?> targets) {
        targets.forEach(t -> out.add((String) ((Map<?, ?>) t).get("expr")));
      }
    }
    for (Object variable : (List<?>) ((Map<?, ?>) dashboard.get("templating")).get("list")) {
      if ("query".equals(((Map<?, ?>) variable).get("type"))) {
        out.add((String) ((Map<?, ?>) variable).get("definition"));
      }
    }
    return out;
  }

  @Test
  void isADashboardOverAPrometheusDataSourceVariableWithUpstreamAndPoolVariables() throws Exception {
    Map<?, ?> dashboard = dashboard();
    assertTrue(((Number) dashboard.get("schemaVersion")).intValue() >= 39);
    Set<String> variables = new TreeSet<>();
    for (Object variable : (List<?>) ((Map<?, ?>) dashboard.get("templating")).get("list")) {
      variables.add((String) ((Map<?, ?>) variable).get("name"));
    }
    assertEquals(Set.of("DS_PROMETHEUS", "upstream", "pool"), variables);
    Set<Long> ids = new TreeSet<>();
    for (Map<?, ?> panel : panels(dashboard)) {
      assertTrue(ids.add(((Number) panel.get("id")).longValue()), "duplicate panel id " + panel.get("id"));
      if ("row".equals(panel.get("type"))) {
        continue;
      }
      Map<?, ?> datasource = (Map<?, ?>) panel.get("datasource");
      assertEquals("prometheus", datasource.get("type"), (String) panel.get("title"));
      assertEquals("${DS_PROMETHEUS}", datasource.get("uid"), (String) panel.get("title"));
      assertFalse(((List<?>) panel.get("targets")).isEmpty(), (String) panel.get("title"));
    }
  }

  @Test
  void everyMetricTheDashboardQueriesIsInARealScrape() throws Exception {
    Set<String> used = new TreeSet<>();
    for (String expression : expressions(dashboard())) {
      Matcher matcher = METRIC.matcher(expression);
      while (matcher.find()) {
        used.add(matcher.group(1));
      }
    }
    assertTrue(used.size() > 15, "the dashboard queries " + used);

    try (FakeSmtpServer upstream = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, """
            listeners: [ { name: default, address: 127.0.0.1:0 } ]
            upstreams:
              only: { type: smtp, host: 127.0.0.1, port: %d, tls: none, hourly_limit: 100, daily_limit: 1000,
                      guard: { min_sample: 10, bounce_rate: 30%%, pause_for: 1h } }
            pools:
              all: { members: [ { upstream: only } ] }
            routing: { default_pool: all }
            """.formatted(upstream.port()))) {
      // One delivery, so that the delivery counters and the latency histogram have series.
      try (SmtpDialog client = SmtpDialog.connect(relay.port())) {
        SmtpDialog.expect(client.command("EHLO app.test"), "250");
        SmtpDialog.expect(client.sendMessage("app@example.com", List.of("user@example.net"),
            "Subject: dashboard\r\n\r\nbody\r\n"), "250 2.0.0");
      }
      upstream.takeTransaction(WAIT);
      Await.until(WAIT, "the delivery to be counted", () -> scrape(relay).names()
          .contains("poolrelay_delivery_duration_seconds_bucket"));
      Set<String> scraped = scrape(relay).names();
      Set<String> missing = new TreeSet<>(used);
      missing.removeAll(scraped);
      assertEquals(Set.of(), missing, "queried by the dashboard but not in a scrape");
    }
  }

  private static PrometheusText scrape(RunningRelay relay) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(relay.adminUrl() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      return PrometheusText.parse(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
