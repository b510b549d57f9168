package io.poolrelay.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.server.delivery.FleetPoolCapacity;
import io.poolrelay.server.delivery.PoolDelivery;
import io.poolrelay.server.delivery.PoolMembers;
import io.poolrelay.server.delivery.QueueIndex;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.reload.ActiveConfig;
import io.poolrelay.server.routing.Router;
import io.poolrelay.server.spool.QueueId;
import io.poolrelay.upstreams.time.FakeTime;
import io.poolrelay.upstreams.time.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayGaugesTest {

  @TempDir
  Path dir;

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RelayMetrics metrics = new RelayMetrics(registry);
  private final QueueIndex queue = new QueueIndex();
  private final QueueId ids = new QueueId(7);
  private final AtomicReference<ActiveConfig> active = new AtomicReference<>();
  private final List<Fleet> fleets = new ArrayList<>();
  private RelayGauges gauges;

  @BeforeEach
  void start() throws Exception {
    active.set(assemble("""
        upstreams:
          a: { type: file, directory: %1$s/a, hourly_limit: 10 }
          b: { type: file, directory: %1$s/b }
        pools:
          p1: { members: [ { upstream: a }, { upstream: b } ] }
        routing: { default_pool: p1 }
        """));
    gauges = new RelayGauges(registry, active::get, () -> queue, metrics, time, time);
    gauges.register();
  }

  @AfterEach
  void stop() {
    fleets.forEach(Fleet::close);
  }

  private ActiveConfig assemble(String yaml) throws Exception {
    RelayConfig config = new ConfigLoader(Map.of(), "relay.test")
        .parse(yaml.formatted(dir) + "spool: { directory: " + dir.resolve("spool") + " }\n", "test.yaml");
    Fleet fleet = Fleet.create(config, dir.resolve("usage-" + fleets.size()), time, time, new ManualScheduler(time),
        Runnable::run);
    fleets.add(fleet);
    PoolMembers pools = new PoolMembers(config, new SplittableRandom(1), name -> fleet.get(name).unavailable(time.instant()));
    PoolDelivery delivery = new PoolDelivery(new Router(config.routing()), pools, fleet,
        config.routing().defaultPool(), time, time, metrics);
    return new ActiveConfig(config, fleet, new FleetPoolCapacity(config, fleet), delivery,
        new HintHeaders(config.routing().hintHeaders(), config.routing().stripHintHeaders()));
  }

  private Gauge gauge(String name, String... tags) {
    return registry.find(name).tags(tags).gauge();
  }

  private double value(String name, String... tags) {
    Gauge gauge = gauge(name, tags);
    assertNotNull(gauge, name + " " + List.of(tags));
    return gauge.value();
  }

  @Test
  void upstreamStateIsOneForTheCurrentStateOnly() {
    assertEquals(1, value("poolrelay.upstream.state", "upstream", "a", "state", "up"));
    assertEquals(0, value("poolrelay.upstream.state", "upstream", "a", "state", "paused"));
    active.get().fleet().get("a").health().pause(Duration.ofHours(1), "by hand");
    assertEquals(0, value("poolrelay.upstream.state", "upstream", "a", "state", "up"));
    assertEquals(1, value("poolrelay.upstream.state", "upstream", "a", "state", "paused"));
  }

  @Test
  void limitAndQuotaExistOnlyForAWindowWithALimit() {
    assertEquals(10, value("poolrelay.upstream.limit", "upstream", "a", "window", "hour"));
    assertEquals(10, value("poolrelay.upstream.quota.remaining", "upstream", "a", "window", "hour"));
    assertNull(gauge("poolrelay.upstream.limit", "upstream", "a", "window", "day"));
    assertNull(gauge("poolrelay.upstream.limit", "upstream", "b", "window", "hour"));
    assertEquals(0, value("poolrelay.upstream.sent", "upstream", "b", "window", "hour"));
  }

  @Test
  void queueGaugesCountByStateAndPoolOncePerScrape() {
    String q1 = ids.next(time.instant().minusSeconds(90));
    String q2 = ids.next(time.instant());
    queue.add(q1, QueueIndex.State.INCOMING, 0, Optional.empty(), 100);
    queue.add(q2, QueueIndex.State.INCOMING, 0, Optional.empty(), 50);
    queue.waiting(q2, "p1");
    assertEquals(90, value("poolrelay.queue.oldest.age"));
    assertEquals(1, value("poolrelay.queue.messages", "state", "incoming", "pool", "unrouted"));
    assertEquals(1, value("poolrelay.queue.messages", "state", "waiting", "pool", "p1"));
    assertEquals(150, value("poolrelay.spool.bytes"));
    queue.remove(q1);
    assertEquals(150, value("poolrelay.spool.bytes"), "one count serves the gauges of a scrape");
    time.advance(Duration.ofSeconds(1));
    assertEquals(50, value("poolrelay.spool.bytes"));
    assertEquals(0, value("poolrelay.queue.messages", "state", "incoming", "pool", "unrouted"));
  }

  @Test
  void poolTimeToSendIsInfiniteWhenNoMemberCanTakeMail() {
    assertEquals(0, value("poolrelay.pool.time.to.send", "pool", "p1"));
    String q1 = ids.next(time.instant());
    queue.add(q1, QueueIndex.State.INCOMING, 0, Optional.empty(), 100);
    queue.waiting(q1, "p1");
    active.get().fleet().get("a").health().pause(Duration.ofHours(1), "by hand");
    active.get().fleet().get("b").health().pause(Duration.ofHours(1), "by hand");
    time.advance(Duration.ofSeconds(1));
    assertEquals(Double.POSITIVE_INFINITY, value("poolrelay.pool.time.to.send", "pool", "p1"));
  }

  @Test
  void afterAReloadTheGaugesReadTheNewConfigurationAndRemovedUpstreamsAndPoolsLoseTheirSeries() throws Exception {
    metrics.deliveryAttempt("p1", "a", Duration.ofMillis(10), 1, 0, 0, 0);
    assertNotNull(registry.find("poolrelay.delivery.attempts").tags("upstream", "a").counter());

    active.set(assemble("""
        upstreams:
          b: { type: file, directory: %1$s/b, daily_limit: 500 }
          c: { type: file, directory: %1$s/c }
        pools:
          p2: { members: [ { upstream: b }, { upstream: c } ] }
        routing: { default_pool: p2 }
        """));
    gauges.configChanged();

    String scrape = registry.scrape();
    assertTrue(!scrape.contains("upstream=\"a\"") && !scrape.contains("pool=\"p1\""), scrape);
    assertTrue(scrape.contains("poolrelay_upstream_state{state=\"up\",upstream=\"c\"} 1.0"), scrape);
    for (Meter meter : registry.getMeters()) {
      assertTrue(!"a".equals(meter.getId().getTag("upstream")), "left behind: " + meter.getId());
      assertTrue(!"p1".equals(meter.getId().getTag("pool")), "left behind: " + meter.getId());
    }
    assertEquals(1, value("poolrelay.upstream.state", "upstream", "c", "state", "up"));
    assertEquals(500, value("poolrelay.upstream.limit", "upstream", "b", "window", "day"));
    assertEquals(0, value("poolrelay.pool.time.to.send", "pool", "p2"));
    assertEquals(0, value("poolrelay.queue.messages", "state", "waiting", "pool", "p2"));
    // b's state gauge, registered before the reload, reads the new fleet's b.
    active.get().fleet().get("b").health().pause(Duration.ofHours(1), "by hand");
    assertEquals(1, value("poolrelay.upstream.state", "upstream", "b", "state", "paused"));
    assertEquals(1, registry.find("poolrelay.upstream.state").tags("upstream", "b", "state", "paused").gauges().size());
  }
}
