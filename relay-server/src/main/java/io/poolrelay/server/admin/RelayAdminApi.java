package io.poolrelay.server.admin;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.server.delivery.DeliveryManager;
import io.poolrelay.server.delivery.QueueIndex;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.server.fleet.UpstreamState;
import io.poolrelay.server.metrics.RelayMetrics;
import io.poolrelay.server.log.RecentProblems;
import io.poolrelay.server.reload.ActiveConfig;
import io.poolrelay.server.reload.ReloadResult;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.upstreams.health.GuardStatus;
import io.poolrelay.upstreams.health.HealthStatus;
import io.poolrelay.upstreams.health.UpstreamHealth;
import io.poolrelay.upstreams.limits.ProviderAccount;
import io.poolrelay.upstreams.limits.QuotaStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The admin API over the running relay: its upstreams, pools and queue. */
public final class RelayAdminApi implements AdminApi {

  /** A pause "until resumed"; anything this far out is shown without an end. */
  private static final Duration UNTIL_RESUMED = UpstreamHealth.UNTIL_RESUMED;

  private final Supplier<ActiveConfig> active;
  private final DeliveryManager queue;
  private final Supplier<ReloadResult> reloader;
  private final QueueViews views;
  private final InstantSource clock;
  private final RecentProblems problems;
  private final RelayMetrics metrics;
  private final Supplier<List<String>> readiness;

  /**
   * {@code active} is asked on every call, so a reloaded configuration shows at once; {@code spool} is
   * read for the envelope of one message; {@code problems} holds the log's last WARN and ERROR lines;
   * {@code readiness} lists what keeps the relay from being ready (empty when ready).
   */
  public RelayAdminApi(Supplier<ActiveConfig> active, DeliveryManager queue, FileSpool spool,
      Supplier<ReloadResult> reloader, InstantSource clock, RecentProblems problems, RelayMetrics metrics,
      Supplier<List<String>> readiness) {
    this.active = active;
    this.queue = queue;
    this.views = new QueueViews(spool);
    this.reloader = reloader;
    this.clock = clock;
    this.problems = problems;
    this.metrics = metrics;
    this.readiness = readiness;
  }

  @Override
  public ReloadResult reload() {
    return reloader.get();
  }

  private Fleet fleet() {
    return active.get().fleet();
  }

  @Override
  public List<UpstreamView> upstreams() {
    Instant now = clock.instant();
    return fleet().all().stream().map(upstream -> view(upstream, now)).toList();
  }

  @Override
  public List<PoolView> pools() {
    ActiveConfig current = active.get();
    Instant now = clock.instant();
    Map<String, long[]> counts = new HashMap<>();
    for (QueueIndex.Entry entry : queue.index().all()) {
      if (!entry.pool().isEmpty()) {
        long[] count = counts.computeIfAbsent(entry.pool(), p -> new long[2]);
        count[0]++;
        if (entry.state() == QueueIndex.State.WAITING) {
          count[1]++;
        }
      }
    }
    List<PoolView> pools = new ArrayList<>();
    for (PoolConfig pool : current.config().pools().values()) {
      List<PoolView.Member> members = pool.members().stream()
          .map(m -> new PoolView.Member(m.upstream(), m.weight(),
              current.fleet().find(m.upstream()).map(u -> view(u, now).state()).orElse("unknown")))
          .toList();
      long[] count = counts.getOrDefault(pool.name(), new long[2]);
      pools.add(new PoolView(pool.name(), pool.strategy().name().toLowerCase(Locale.ROOT), pool.fallback(), members,
          count[0], count[1], current.capacity().timeToSend(pool.name(), count[0], now)));
    }
    return pools;
  }

  @Override
  public QueueSummary queueSummary() {
    Map<String, Long> byState = new TreeMap<>();
    for (QueueIndex.State state : QueueIndex.State.values()) {
      byState.put(state.name().toLowerCase(Locale.ROOT), 0L);
    }
    Map<String, Long> byPool = new TreeMap<>();
    long total = 0;
    long bytes = 0;
    for (QueueIndex.Entry entry : queue.index().all()) {
      total++;
      bytes += entry.size();
      byState.merge(entry.state().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
      byPool.merge(entry.pool().isEmpty() ? "unrouted" : entry.pool(), 1L, Long::sum);
    }
    Instant now = clock.instant();
    Optional<Duration> oldest = queue.index().oldest()
        .map(entry -> Duration.between(entry.arrival(), now))
        .map(age -> age.isNegative() ? Duration.ZERO : age);
    return new QueueSummary(total, byState, byPool, oldest, bytes);
  }

  @Override
  public List<QueuedView> queue(Optional<String> state, Optional<String> pool, int limit) {
    Instant now = clock.instant();
    return queue.index().list(entry -> state.map(s -> s.equals(QueueViews.stateName(entry.state()))).orElse(true)
        && pool.map(entry.pool()::equals).orElse(true), limit).stream().map(entry -> QueueViews.view(entry, now))
        .toList();
  }

  @Override
  public Optional<QueuedMessageView> queuedMessage(String queueId) {
    return queue.index().get(queueId).flatMap(entry -> views.detail(entry, clock.instant()));
  }

  @Override
  public RetryResult retry(String queueId) {
    Optional<QueueIndex.Entry> retried = queue.retryNow(queueId);
    if (retried.isPresent()) {
      return new RetryResult.Retried(QueueViews.view(retried.get(), clock.instant()));
    }
    return queue.index().get(queueId)
        .<RetryResult>map(entry -> new RetryResult.NotRetryable(QueueViews.stateName(entry.state())))
        .orElse(new RetryResult.NotQueued());
  }

  @Override
  public DeleteResult delete(String queueId) {
    try {
      return switch (queue.delete(queueId)) {
        case DELETED -> DeleteResult.DELETED;
        case NOT_FOUND -> DeleteResult.NOT_QUEUED;
        case BEING_DELIVERED -> DeleteResult.BEING_DELIVERED;
      };
    } catch (IOException e) {
      throw new UncheckedIOException("deleting queue_id=" + queueId, e);
    }
  }

  @Override
  public int flush() {
    return queue.flush();
  }

  @Override
  public RelayConfig config() {
    return active.get().config();
  }

  @Override
  public Optional<UpstreamView> pause(String upstream, Optional<Duration> duration, String reason) {
    return fleet().find(upstream).map(runtime -> {
      runtime.health().pause(duration.orElse(UNTIL_RESUMED), reason.isBlank() ? "paused by hand" : reason);
      return view(runtime, clock.instant());
    });
  }

  @Override
  public Optional<UpstreamView> resume(String upstream) {
    return fleet().find(upstream).map(runtime -> {
      runtime.health().resume();
      return view(runtime, clock.instant());
    });
  }

  @Override
  public Optional<ComplaintsRecorded> recordComplaints(String upstream, int count) {
    return fleet().find(upstream).map(runtime -> {
      Instant now = clock.instant();
      boolean counted = runtime.recordComplaints(count, now);
      if (counted) {
        metrics.complaintsReceived(upstream, count);
      }
      return new ComplaintsRecorded(counted, view(runtime, now));
    });
  }

  @Override
  public Optional<String> metrics() {
    return metrics.scrape();
  }

  @Override
  public List<String> readinessProblems() {
    return readiness.get();
  }

  private static UpstreamView view(UpstreamRuntime upstream, Instant now) {
    HealthStatus health = upstream.health().status(now);
    QuotaStatus usage = upstream.quota(now);
    Optional<GuardStatus> guard = upstream.guardStatus(now);
    String state;
    String reason;
    Optional<Instant> since = Optional.of(health.since());
    Optional<Instant> until = health.until().filter(u -> u.isBefore(now.plus(UNTIL_RESUMED.dividedBy(2))));
    UpstreamState shown = UpstreamState.of(upstream.config().enabled(), health, usage);
    state = shown.label();
    switch (shown) {
      case DISABLED -> {
        reason = "enabled: false";
        since = Optional.empty();
        until = Optional.empty();
      }
      case DOWN, PAUSED -> reason = health.reason();
      case CAPPED -> {
        reason = upstream.unavailable(now).orElse("capped");
        until = Optional.of(now.plus(usage.freesIn()));
      }
      case UP -> reason = upstream.unavailable(now).orElse("");
      default -> throw new IllegalStateException(shown.name());
    }
    return new UpstreamView(upstream.name(), upstream.config().type(), state, reason, since, until,
        usage.usedLastHour(), usage.hourlyLimit(), usage.usedLast24Hours(), usage.dailyCap(),
        upstream.warmupSummary(), (int) usage.reserved(),
        guard.map(GuardStatus::bounceRate).orElse(0.0), guard.map(GuardStatus::deferralRate).orElse(0.0),
        guard.map(GuardStatus::complaintRate).orElse(0.0), health.lastError().orElse(""),
        upstream.account().map(ProviderAccount::summary).or(upstream::accountProblem).orElse(""),
        upstream.account().map(ProviderAccount::sandbox).orElse(false));
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public List<ProblemView> recentProblems() {
    return problems.lines().stream()
        .map(p -> new ProblemView(p.time(), p.level().name(), p.logger(), p.message()))
        .toList();
  }
}
