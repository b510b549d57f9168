package io.poolrelay.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RelayMetrics metrics = new RelayMetrics(prometheus);

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape().orElseThrow());
  }

  @Test
  void aDeliveryAttemptCountsTheAttemptEveryOutcomeAndItsDuration() {
    metrics.deliveryAttempt("all", "first", Duration.ofMillis(300), 3, 1, 2, 4);
    PrometheusText m = scrape();
    assertEquals(1, m.value("poolrelay_delivery_attempts_total", "pool", "all", "upstream", "first"));
    assertEquals(3, m.value("poolrelay_delivery_recipients_total", "upstream", "first", "outcome", "delivered"));
    assertEquals(1, m.value("poolrelay_delivery_recipients_total", "upstream", "first", "outcome", "deferred"));
    assertEquals(2, m.value("poolrelay_delivery_recipients_total", "upstream", "first", "outcome", "bounced"));
    assertEquals(4, m.value("poolrelay_delivery_recipients_total", "upstream", "first", "outcome", "failed_over"));
    assertEquals(0, m.value("poolrelay_delivery_duration_seconds_bucket", "upstream", "first", "le", "0.25"));
    assertEquals(1, m.value("poolrelay_delivery_duration_seconds_bucket", "upstream", "first", "le", "0.5"));
    assertEquals(0.3, m.value("poolrelay_delivery_duration_seconds_sum", "upstream", "first"), 1e-9);
  }

  @Test
  void inFlightFollowsStartsAndEnds() {
    metrics.deliveryStarted("first");
    metrics.deliveryStarted("first");
    metrics.deliveryEnded("first");
    assertEquals(1, metrics.inFlight("first"));
    assertEquals(0, metrics.inFlight("second"));
  }

  @Test
  void listenerSeriesExistAtZeroForEveryReason() {
    ListenerMeters meters = metrics.listener("default");
    meters.rejected(RejectReason.TOO_MANY_RECIPIENTS);
    meters.accepted(1234);
    PrometheusText m = scrape();
    assertEquals(RejectReason.values().length, m.matching("poolrelay_listener_rejections_total").size());
    assertEquals(1, m.value("poolrelay_listener_rejections_total", "reason", "too_many_recipients"));
    assertEquals(0, m.value("poolrelay_listener_rejections_total", "reason", "relay_denied"));
    assertEquals(1, m.value("poolrelay_listener_messages_accepted_total", "listener", "default"));
    assertEquals(1234, m.value("poolrelay_listener_received_bytes_total", "listener", "default"));
    assertEquals(0, m.value("poolrelay_listener_connections_total", "listener", "default"));
  }

  @Test
  void scrapeFindsAPrometheusRegistryInsideACompositeAndIsEmptyWithoutOne() {
    assertEquals(Optional.empty(), new RelayMetrics(new SimpleMeterRegistry()).scrape());
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(new SimpleMeterRegistry());
    composite.add(prometheus);
    new RelayMetrics(composite).complaintsReceived("first", 2);
    assertTrue(new RelayMetrics(composite).scrape().orElseThrow()
        .contains("poolrelay_upstream_complaints_total{upstream=\"first\"} 2.0"));
  }
}
