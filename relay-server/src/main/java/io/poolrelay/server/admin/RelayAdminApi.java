package io.poolrelay.server.admin;

import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.upstreams.health.GuardStatus;
import io.poolrelay.upstreams.health.HealthState;
import io.poolrelay.upstreams.health.HealthStatus;
import io.poolrelay.upstreams.limits.QuotaStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** The admin API over the running relay's upstreams. */
public final class RelayAdminApi implements AdminApi {

  /** How long a pause "until resumed" lasts; anything this far out is shown without an end. */
  private static final Duration UNTIL_RESUMED = Duration.ofDays(365L * 100);

  private final Fleet fleet;
  private final InstantSource clock;

  public RelayAdminApi(Fleet fleet, InstantSource clock) {
    this.fleet = fleet;
    this.clock = clock;
  }

  @Override
  public List<UpstreamView> upstreams() {
    Instant now = clock.instant();
    return fleet.all().stream().map(upstream -> view(upstream, now)).toList();
  }

  @Override
  public Optional<UpstreamView> pause(String upstream, Optional<Duration> duration, String reason) {
    return fleet.find(upstream).map(runtime -> {
      runtime.health().pause(duration.orElse(UNTIL_RESUMED), reason.isBlank() ? "paused by hand" : reason);
      return view(runtime, clock.instant());
    });
  }

  @Override
  public Optional<UpstreamView> resume(String upstream) {
    return fleet.find(upstream).map(runtime -> {
      runtime.health().resume();
      return view(runtime, clock.instant());
    });
  }

  @Override
  public Optional<ComplaintsRecorded> recordComplaints(String upstream, int count) {
    return fleet.find(upstream).map(runtime -> {
      Instant now = clock.instant();
      boolean counted = runtime.recordComplaints(count, now);
      return new ComplaintsRecorded(counted, view(runtime, now));
    });
  }

  private static UpstreamView view(UpstreamRuntime upstream, Instant now) {
    HealthStatus health = upstream.health().status(now);
    QuotaStatus usage = upstream.quota(now);
    Optional<GuardStatus> guard = upstream.guardStatus(now);
    String state;
    String reason;
    Optional<Instant> since = Optional.of(health.since());
    Optional<Instant> until = health.until().filter(u -> u.isBefore(now.plus(UNTIL_RESUMED.dividedBy(2))));
    if (!upstream.config().enabled()) {
      state = "disabled";
      reason = "enabled: false";
      since = Optional.empty();
      until = Optional.empty();
    } else if (health.state() != HealthState.UP) {
      state = health.state().name().toLowerCase();
      reason = health.reason();
    } else if (!usage.hasRoom()) {
      state = "capped";
      reason = upstream.unavailable(now).orElse("capped");
      until = Optional.of(now.plus(usage.freesIn()));
    } else {
      state = "up";
      reason = "";
    }
    return new UpstreamView(upstream.name(), upstream.config().type(), state, reason, since, until,
        usage.usedLastHour(), usage.hourlyLimit(), usage.usedLast24Hours(), usage.dailyCap(),
        upstream.warmupSummary(), (int) usage.reserved(),
        guard.map(GuardStatus::bounceRate).orElse(0.0), guard.map(GuardStatus::deferralRate).orElse(0.0),
        guard.map(GuardStatus::complaintRate).orElse(0.0), health.lastError().orElse(""));
  }
}
