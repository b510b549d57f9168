package io.poolrelay.server.admin;

import io.poolrelay.server.reload.ReloadResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** An {@link AdminApi} over a map of views that records pauses and resumes; for admin and CLI tests. */
public final class FakeAdminApi implements AdminApi {

  public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** One pause call as received. */
  public record Pause(String upstream, Optional<Duration> duration, String reason) {
  }

  private final Map<String, UpstreamView> views = new LinkedHashMap<>();
  private final List<Pause> pauses = new ArrayList<>();
  private final List<String> resumes = new ArrayList<>();
  private final Map<String, Integer> complaints = new LinkedHashMap<>();

  public FakeAdminApi() {
    put(new UpstreamView("primary", "smtp", "up", "", Optional.of(Instant.parse("2026-03-01T08:00:00Z")),
        Optional.empty(), 120, OptionalLong.of(1000), 2400, OptionalLong.of(20000), "day 3 of 8 (200/day)", 4,
        0.012, 0.05, 0.0, ""));
    put(new UpstreamView("ses", "ses", "down", "circuit open", Optional.of(Instant.parse("2026-03-01T11:55:00Z")),
        Optional.of(Instant.parse("2026-03-01T12:05:00Z")), 0, OptionalLong.empty(), 310, OptionalLong.empty(), "", 0,
        0.0, 0.25, 0.0, "454 4.7.0 \"throttled\"\nretry later"));
  }

  public synchronized void put(UpstreamView view) {
    views.put(view.name(), view);
  }

  public synchronized List<Pause> pauses() {
    return List.copyOf(pauses);
  }

  public synchronized List<String> resumes() {
    return List.copyOf(resumes);
  }

  @Override
  public synchronized List<UpstreamView> upstreams() {
    return List.copyOf(views.values());
  }

  /** Two pools over the two upstreams; the second has a fallback and mail waiting. */
  @Override
  public synchronized List<PoolView> pools() {
    return List.of(
        new PoolView("all", "weighted", Optional.empty(),
            List.of(new PoolView.Member("primary", 10, views.get("primary").state())), 12, 0,
            Optional.of(Duration.ofMinutes(3))),
        new PoolView("bulk", "priority", Optional.of("all"),
            List.of(new PoolView.Member("ses", 1, views.get("ses").state())), 40, 40, Optional.empty()));
  }

  @Override
  public synchronized QueueSummary queueSummary() {
    return new QueueSummary(52, Map.of("incoming", 2L, "active", 4L, "deferred", 6L, "waiting", 40L),
        Map.of("all", 12L, "bulk", 40L), Optional.of(Duration.ofMinutes(95)), 1_234_567);
  }

  @Override
  public synchronized Optional<UpstreamView> pause(String upstream, Optional<Duration> duration, String reason) {
    pauses.add(new Pause(upstream, duration, reason));
    UpstreamView v = views.get(upstream);
    if (v == null) {
      return Optional.empty();
    }
    UpstreamView paused = new UpstreamView(v.name(), v.type(), "paused", reason, Optional.of(NOW),
        duration.map(NOW::plus), v.sentLastHour(), v.hourlyLimit(), v.sentLast24h(), v.dailyCap(), v.warmup(),
        v.inFlight(), v.bounceRate(), v.deferralRate(), v.complaintRate(), v.lastError());
    views.put(upstream, paused);
    return Optional.of(paused);
  }

  @Override
  public synchronized Optional<UpstreamView> resume(String upstream) {
    resumes.add(upstream);
    UpstreamView v = views.get(upstream);
    if (v == null) {
      return Optional.empty();
    }
    UpstreamView up = new UpstreamView(v.name(), v.type(), "up", "", Optional.of(NOW), Optional.empty(),
        v.sentLastHour(), v.hourlyLimit(), v.sentLast24h(), v.dailyCap(), v.warmup(), v.inFlight(), v.bounceRate(),
        v.deferralRate(), v.complaintRate(), v.lastError());
    views.put(upstream, up);
    return Optional.of(up);
  }

  public synchronized Map<String, Integer> complaints() {
    return Map.copyOf(complaints);
  }

  /** Counts them, except for "ses", whose guard the fake treats as off. */
  @Override
  public synchronized Optional<ComplaintsRecorded> recordComplaints(String upstream, int count) {
    UpstreamView v = views.get(upstream);
    if (v == null) {
      return Optional.empty();
    }
    if (upstream.equals("ses")) {
      return Optional.of(new ComplaintsRecorded(false, v));
    }
    complaints.merge(upstream, count, Integer::sum);
    return Optional.of(new ComplaintsRecorded(true, v));
  }

  /** The next reload's result; applied with one change unless a test sets another. */
  public volatile ReloadResult nextReload =
      new ReloadResult(true, List.of(), List.of("pool all changed"), List.of());

  @Override
  public ReloadResult reload() {
    return nextReload;
  }

  private final List<ProblemView> problems = new ArrayList<>(List.of(
      new ProblemView(Instant.parse("2026-03-01T11:55:00Z"), "WARN", "HealthTracker",
          "upstream=ses health UP -> DOWN: 3 consecutive failures, last: 454 4.7.0 throttled"),
      new ProblemView(Instant.parse("2026-03-01T11:58:30Z"), "ERROR", "DeliveryManager",
          "queue_id=Q7 delivery failed (java.io.IOException: connection reset)")));

  public synchronized void addProblem(ProblemView problem) {
    problems.add(problem);
  }

  @Override
  public Instant now() {
    return NOW;
  }

  @Override
  public synchronized List<ProblemView> recentProblems() {
    return List.copyOf(problems);
  }
}
