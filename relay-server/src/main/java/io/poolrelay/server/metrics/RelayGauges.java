package io.poolrelay.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.server.delivery.QueueIndex;
import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.server.fleet.UpstreamState;
import io.poolrelay.server.reload.ActiveConfig;
import io.poolrelay.upstreams.limits.QuotaStatus;
import io.poolrelay.config.model.SesUpstreamConfig;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges: upstreams (state, usage, limits, quota left, in flight, connections, guard ratios), pools
 * (time to send their queue), and the queue (messages by state and pool, oldest age, bytes).
 *
 * <p>Every gauge reads through the {@code Supplier<ActiveConfig>} when scraped, so a reload that swaps
 * the active configuration is seen at once. Which series exist depends on the configuration (its
 * upstreams and pools, which have limits, a guard, SMTP connections): {@link #configChanged} registers
 * the series a new configuration needs and removes those of upstreams and pools it no longer has,
 * their counters included. Call it once at start and after every swap.
 */
public final class RelayGauges {

  /** The {@code pool} label of queued messages not routed yet (or routed to a pool no longer configured). */
  public static final String UNROUTED = "unrouted";
  private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Supplier<ActiveConfig> active;
  private final Supplier<QueueIndex> queue;
  private final RelayMetrics metrics;
  private final InstantSource clock;
  private final Ticker ticker;
  /** The configuration-dependent gauges registered now, by their identity. */
  private final Map<Key, Meter> registered = new HashMap<>();
  private Set<String> upstreams = Set.of();
  private volatile Set<String> pools = Set.of();
  /** Guards the snapshot only: a scrape reads it while {@link #configChanged} may hold this object's lock. */
  private final Object snapshotLock = new Object();
  private QueueSnapshot snapshot;
  private long snapshotAt;

  public RelayGauges(MeterRegistry registry, Supplier<ActiveConfig> active, Supplier<QueueIndex> queue,
      RelayMetrics metrics, InstantSource clock, Ticker ticker) {
    this.registry = registry;
    this.active = active;
    this.queue = queue;
    this.metrics = metrics;
    this.clock = clock;
    this.ticker = ticker;
  }

  /** Registers the gauges of the queue as a whole, then those of the active configuration. */
  public synchronized void register() {
    Gauge.builder("poolrelay.queue.oldest.age", () -> queueSnapshot().oldestAgeSeconds())
        .description("Age of the oldest queued message (0 when the queue is empty)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("poolrelay.spool.bytes", () -> queueSnapshot().bytes())
        .description("Size of the queued messages in the spool")
        .baseUnit("bytes")
        .register(registry);
    configChanged();
  }

  /**
   * Brings the configuration-dependent series in line with the active configuration: new upstreams and
   * pools get theirs, removed ones lose every {@code poolrelay} meter labelled with them.
   */
  public synchronized void configChanged() {
    ActiveConfig current = active.get();
    Map<Key, Spec> wanted = new LinkedHashMap<>();
    Set<String> upstreamNames = new HashSet<>();
    Instant now = clock.instant();
    for (UpstreamRuntime upstream : current.fleet().all()) {
      upstreamNames.add(upstream.name());
      upstreamGauges(upstream, now, wanted);
    }
    Set<String> poolNames = new HashSet<>(current.config().pools().keySet());
    for (String pool : poolNames) {
      want(wanted, new Spec("poolrelay.pool.time.to.send", Tags.of("pool", pool),
          "Estimated time for the pool to send its queued messages at the rates its members' limits allow "
              + "(0 when a usable member has no limit, +Inf when no member can take mail)",
          "seconds", () -> timeToSend(pool)));
    }
    Set<String> queuePools = new HashSet<>(poolNames);
    queuePools.add(UNROUTED);
    for (String pool : queuePools) {
      for (QueueIndex.State state : QueueIndex.State.values()) {
        want(wanted, new Spec("poolrelay.queue.messages",
            Tags.of("state", state.name().toLowerCase(Locale.ROOT), "pool", pool),
            "Queued messages by state (incoming, active, deferred, waiting) and pool", null,
            () -> queueSnapshot().count(state, pool)));
      }
    }

    for (Key key : new ArrayList<>(registered.keySet())) {
      if (!wanted.containsKey(key)) {
        registry.remove(registered.remove(key));
      }
    }
    wanted.forEach((key, spec) -> registered.computeIfAbsent(key, k -> spec.register(registry)));
    removeLabelled("upstream", upstreams, upstreamNames);
    removeLabelled("pool", pools, poolNames);
    this.upstreams = upstreamNames;
    this.pools = poolNames;
  }

  private void upstreamGauges(UpstreamRuntime upstream, Instant now,
      Map<Key, Spec> wanted) {
    String name = upstream.name();
    // At zero from the start, so that a rate over it works before the first complaint.
    metrics.complaintsReceived(name, 0);
    for (UpstreamState state : UpstreamState.values()) {
      want(wanted, upstreamGauge("poolrelay.upstream.state", name,
          u -> stateOf(u, clock.instant()) == state ? 1 : 0)
          .description("1 for the upstream's current state (up, down, paused, disabled, capped), 0 for the others")
          .tag("state", state.label()));
    }
    QuotaStatus usage = upstream.quota(now);
    want(wanted, upstreamGauge("poolrelay.upstream.sent", name, u -> u.quota(clock.instant()).usedLastHour())
        .description("Recipients the upstream accepted in the rolling window (hour: 60 minutes, day: 24 hours)")
        .tag("window", "hour"));
    want(wanted, upstreamGauge("poolrelay.upstream.sent", name, u -> u.quota(clock.instant()).usedLast24Hours())
        .description("Recipients the upstream accepted in the rolling window (hour: 60 minutes, day: 24 hours)")
        .tag("window", "day"));
    if (usage.hourlyLimit().isPresent()) {
      limitGauges(wanted, name, "hour", QuotaStatus::hourlyLimit, QuotaStatus::usedLastHour);
    }
    boolean provider = upstream.config() instanceof SesUpstreamConfig;
    // A provider account's quota is known only once read, so its day gauges are there from the start.
    if (usage.dailyCap().isPresent() || provider) {
      limitGauges(wanted, name, "day", QuotaStatus::dailyCap, QuotaStatus::usedLast24Hours);
    }
    if (provider) {
      want(wanted, upstreamGauge("poolrelay.upstream.sandbox", name,
          u -> u.account().map(a -> a.sandbox() ? 1.0 : 0.0).orElse(Double.NaN))
          .description("1 while the provider account (SES) is in its sandbox, 0 once it has production access;"
              + " NaN until the account is read"));
    }
    want(wanted, upstreamGauge("poolrelay.upstream.in.flight", name, u -> metrics.inFlight(u.name()))
        .description("Transactions with the upstream under way now"));
    if (upstream.transport() instanceof SmtpUpstream) {
      want(wanted, upstreamGauge("poolrelay.upstream.connections", name,
          u -> u.transport() instanceof SmtpUpstream smtp ? smtp.openConnections() : Double.NaN)
          .description("Open SMTP connections to the upstream, busy and idle"));
    }
    if (upstream.guardStatus(now).isPresent()) {
      guardGauge(wanted, name, "poolrelay.upstream.bounce.ratio", "hard bounces",
          u -> u.guardStatus(clock.instant()).map(g -> g.bounceRate()).orElse(Double.NaN));
      guardGauge(wanted, name, "poolrelay.upstream.deferral.ratio", "deferrals",
          u -> u.guardStatus(clock.instant()).map(g -> g.deferralRate()).orElse(Double.NaN));
      guardGauge(wanted, name, "poolrelay.upstream.complaint.ratio", "complaints",
          u -> u.guardStatus(clock.instant()).map(g -> g.complaintRate()).orElse(Double.NaN));
    }
  }

  private void limitGauges(Map<Key, Spec> wanted, String name,
      String window, Function<QuotaStatus, OptionalLong> limit, ToDoubleFunction<QuotaStatus> used) {
    want(wanted, upstreamGauge("poolrelay.upstream.limit", name,
        u -> value(limit.apply(u.quota(clock.instant()))))
        .description("The upstream's limit for the window (day: the daily limit or today's warmup cap, the "
            + "smaller); absent without one")
        .tag("window", window));
    want(wanted, upstreamGauge("poolrelay.upstream.quota.remaining", name, u -> {
      QuotaStatus status = u.quota(clock.instant());
      OptionalLong cap = limit.apply(status);
      return cap.isEmpty() ? Double.NaN
          : Math.max(0, cap.getAsLong() - used.applyAsDouble(status) - status.reserved());
    })
        .description("Recipients the upstream may still take in the window before its limit (in-flight "
            + "reservations deducted); absent without a limit")
        .tag("window", window));
  }

  private void guardGauge(Map<Key, Spec> wanted, String name,
      String meter, String what, ToDoubleFunction<UpstreamRuntime> read) {
    want(wanted, upstreamGauge(meter, name, read)
        .description("Share of " + what + " in the reputation guard's window (0 to 1); only with a guard"));
  }

  /** A gauge of the upstream named {@code name} as the active configuration has it when scraped; NaN if gone. */
  private Spec upstreamGauge(String meter, String name, ToDoubleFunction<UpstreamRuntime> read) {
    return new Spec(meter, Tags.of("upstream", name), "", null,
        () -> active.get().fleet().find(name).map(read::applyAsDouble).orElse(Double.NaN));
  }

  private static void want(Map<Key, Spec> wanted, Spec spec) {
    wanted.put(spec.key(), spec);
  }

  /** What identifies a series: its name and labels. */
  private record Key(String name, Tags tags) {}

  /** One gauge to register: name, labels, help text, base unit (or null) and how to read it. */
  private record Spec(String name, Tags tags, String help, String baseUnit, Supplier<Number> value) {

    Spec description(String text) {
      return new Spec(name, tags, text, baseUnit, value);
    }

    Spec tag(String key, String tagValue) {
      return new Spec(name, tags.and(key, tagValue), help, baseUnit, value);
    }

    Key key() {
      return new Key(name, tags);
    }

    Meter register(MeterRegistry registry) {
      return Gauge.builder(name, value).description(help).baseUnit(baseUnit).tags(tags).register(registry);
    }
  }

  private void removeLabelled(String tag, Set<String> before, Set<String> now) {
    for (String gone : before) {
      if (now.contains(gone)) {
        continue;
      }
      for (Meter meter : List.copyOf(registry.getMeters())) {
        Meter.Id id = meter.getId();
        if (id.getName().startsWith("poolrelay.") && gone.equals(id.getTag(tag))) {
          registry.remove(meter);
          registered.remove(new Key(id.getName(), Tags.of(id.getTagsAsIterable())));
        }
      }
    }
  }

  private static double value(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : Double.NaN;
  }

  private static UpstreamState stateOf(UpstreamRuntime upstream, Instant now) {
    return UpstreamState.of(upstream.config().enabled(), upstream.health().status(now), upstream.quota(now));
  }

  private double timeToSend(String pool) {
    ActiveConfig current = active.get();
    RelayConfig config = current.config();
    if (!config.pools().containsKey(pool)) {
      return Double.NaN;
    }
    long queued = queueSnapshot().inPool(pool);
    Optional<Duration> time = current.capacity().timeToSend(pool, queued, clock.instant());
    return time.map(d -> d.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY);
  }

  /** The queue counted once per scrape (the gauges of one scrape share it), at most a second old. */
  private QueueSnapshot queueSnapshot() {
    synchronized (snapshotLock) {
      long nowNanos = ticker.nanoTime();
      if (snapshot == null || nowNanos - snapshotAt >= SNAPSHOT_TTL.toNanos()) {
        snapshot = QueueSnapshot.of(queue.get(), pools, clock.instant());
        snapshotAt = nowNanos;
      }
      return snapshot;
    }
  }

  /** Counts of one pass over the queue index. */
  private record QueueSnapshot(Map<String, long[]> byPool, long bytes, double oldestAgeSeconds) {

    static QueueSnapshot of(QueueIndex index, Set<String> pools, Instant now) {
      Map<String, long[]> byPool = new HashMap<>();
      long bytes = 0;
      for (QueueIndex.Entry entry : index.all()) {
        String pool = pools.contains(entry.pool()) ? entry.pool() : UNROUTED;
        byPool.computeIfAbsent(pool, p -> new long[QueueIndex.State.values().length])[entry.state().ordinal()]++;
        bytes += entry.size();
      }
      double oldest = index.oldest()
          .map(entry -> Math.max(0, Duration.between(entry.arrival(), now).toMillis() / 1000.0))
          .orElse(0.0);
      return new QueueSnapshot(byPool, bytes, oldest);
    }

    long count(QueueIndex.State state, String pool) {
      long[] counts = byPool.get(pool);
      return counts == null ? 0 : counts[state.ordinal()];
    }

    long inPool(String pool) {
      long[] counts = byPool.get(pool);
      if (counts == null) {
        return 0;
      }
      long total = 0;
      for (long count : counts) {
        total += count;
      }
      return total;
    }
  }
}
