package io.poolrelay.server.admin;

import io.poolrelay.server.reload.ReloadResult;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.config.validate.ConfigException;
import io.poolrelay.server.spool.QueueId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An {@link AdminApi} over a map of views and a small queue that records pauses, resumes, retries and
 * deletes; for admin and CLI tests.
 */
public final class FakeAdminApi implements AdminApi {

  public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** One pause call as received. */
  public record Pause(String upstream, Optional<Duration> duration, String reason) {
  }

  private final Map<String, UpstreamView> views = new LinkedHashMap<>();
  private final List<Pause> pauses = new ArrayList<>();
  private final List<String> resumes = new ArrayList<>();
  private final Map<String, Integer> complaints = new LinkedHashMap<>();
  private Optional<String> metricsText = Optional.empty();
  private List<String> readinessProblems = List.of();
  /** The queue by id, so oldest first as in the relay. */
  private final Map<String, QueuedView> queue = new TreeMap<>();
  private final List<String> retries = new ArrayList<>();
  private final List<String> deletions = new ArrayList<>();
  private int flushes;
  private RelayConfig config = parse(CONFIG);

  /** Ids of the four queued messages, oldest first: deferred, waiting, active and incoming. */
  public static final String DEFERRED_ID = new QueueId(1).next(NOW.minus(Duration.ofMinutes(95)));
  public static final String WAITING_ID = new QueueId(2).next(NOW.minus(Duration.ofMinutes(30)));
  public static final String ACTIVE_ID = new QueueId(3).next(NOW.minus(Duration.ofMinutes(5)));
  public static final String INCOMING_ID = new QueueId(4).next(NOW.minus(Duration.ofSeconds(40)));

  /** Secret values in {@link #CONFIG}, which no admin output may contain. */
  public static final List<String> SECRETS = List.of("upstream-pa55word", "admin-t0ken-value",
      "$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW");

  public static final String CONFIG = """
      listeners:
        - name: default
          address: 127.0.0.1:2525
          auth: { users: { crm: "$2y$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW" }, require_tls: false }
      upstreams:
        primary: { type: smtp, host: smtp.example.net, port: 587, tls: starttls, username: relay, \
      password: upstream-pa55word, hourly_limit: 1000 }
        outbox: { type: file, directory: var/outbox }
      pools:
        all: { members: [ { upstream: primary, weight: 10 } ] }
        bulk: { strategy: priority, members: [ { upstream: outbox } ], fallback: all }
      routing: { default_pool: all }
      spool: { directory: var/spool, retry: { schedule: [1m, 1h], max_age: 5d } }
      admin: { address: 127.0.0.1:8025, token: admin-t0ken-value }
      """;

  public FakeAdminApi() {
    put(new UpstreamView("primary", "smtp", "up", "", Optional.of(Instant.parse("2026-03-01T08:00:00Z")),
        Optional.empty(), 120, OptionalLong.of(1000), 2400, OptionalLong.of(20000), "day 3 of 8 (200/day)", 4,
        0.012, 0.05, 0.0, ""));
    put(new UpstreamView("ses", "ses", "down", "circuit open", Optional.of(Instant.parse("2026-03-01T11:55:00Z")),
        Optional.of(Instant.parse("2026-03-01T12:05:00Z")), 0, OptionalLong.empty(), 310, OptionalLong.empty(), "", 0,
        0.0, 0.25, 0.0, "454 4.7.0 \"throttled\"\nretry later", "200/24h, 1/s, 310 sent in 24h, sandbox", true));
    putMessage(new QueuedView(DEFERRED_ID, "deferred", Optional.of("bulk"), 2,
        Optional.of(NOW.plus(Duration.ofMinutes(10))), "451 4.7.1 greylisted, come back later", 2048,
        QueueId.arrivalOf(DEFERRED_ID), Duration.between(QueueId.arrivalOf(DEFERRED_ID), NOW)));
    putMessage(new QueuedView(WAITING_ID, "waiting", Optional.of("bulk"), 0, Optional.empty(),
        "waits for capacity in bulk", 1000, QueueId.arrivalOf(WAITING_ID), Duration.between(QueueId.arrivalOf(WAITING_ID), NOW)));
    putMessage(new QueuedView(ACTIVE_ID, "active", Optional.of("all"), 1, Optional.empty(), "", 500,
        QueueId.arrivalOf(ACTIVE_ID), Duration.between(QueueId.arrivalOf(ACTIVE_ID), NOW)));
    putMessage(new QueuedView(INCOMING_ID, "incoming", Optional.empty(), 0, Optional.empty(), "", 300,
        QueueId.arrivalOf(INCOMING_ID), Duration.between(QueueId.arrivalOf(INCOMING_ID), NOW)));
  }

  public static RelayConfig parse(String yaml) {
    try {
      return new ConfigLoader(Map.of(), "relay.test").parse(yaml, "fake.yaml");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public synchronized void putMessage(QueuedView view) {
    queue.put(view.queueId(), view);
  }

  public synchronized void config(RelayConfig newConfig) {
    config = newConfig;
  }

  public synchronized List<String> retries() {
    return List.copyOf(retries);
  }

  public synchronized List<String> deletions() {
    return List.copyOf(deletions);
  }

  public synchronized int flushes() {
    return flushes;
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

  @Override
  public synchronized List<QueuedView> queue(Optional<String> state, Optional<String> pool, int limit) {
    return queue.values().stream()
        .filter(m -> state.map(m.state()::equals).orElse(true))
        .filter(m -> pool.map(p -> m.pool().equals(Optional.of(p))).orElse(true))
        .limit(limit)
        .toList();
  }

  /** Every message has the same envelope but for its id; the deferred one has a recipient settled. */
  @Override
  public synchronized Optional<QueuedMessageView> queuedMessage(String queueId) {
    return Optional.ofNullable(queue.get(queueId)).map(m -> new QueuedMessageView(m, "app@example.com",
        List.of("a@example.net", "b@example.org"), m.queueId().equals(DEFERRED_ID) ? List.of("a@example.net") : List.of(),
        "default", "192.0.2.7", Optional.of("crm"), Map.of("X-Campaign", "spring-sale"), "smtp"));
  }

  @Override
  public synchronized RetryResult retry(String queueId) {
    retries.add(queueId);
    QueuedView m = queue.get(queueId);
    if (m == null) {
      return new RetryResult.NotQueued();
    }
    if (!m.state().equals("deferred") && !m.state().equals("waiting")) {
      return new RetryResult.NotRetryable(m.state());
    }
    QueuedView due = new QueuedView(m.queueId(), "deferred", m.pool(), m.attempts(), Optional.of(NOW), m.lastReply(),
        m.size(), m.arrival(), m.age());
    queue.put(queueId, due);
    return new RetryResult.Retried(due);
  }

  @Override
  public synchronized DeleteResult delete(String queueId) {
    deletions.add(queueId);
    QueuedView m = queue.get(queueId);
    if (m == null) {
      return DeleteResult.NOT_QUEUED;
    }
    if (m.state().equals("active")) {
      return DeleteResult.BEING_DELIVERED;
    }
    queue.remove(queueId);
    return DeleteResult.DELETED;
  }

  /** Counts the deferred messages, as the relay does; nothing changes state. */
  @Override
  public synchronized int flush() {
    flushes++;
    return (int) queue.values().stream().filter(m -> m.state().equals("deferred")).count();
  }

  @Override
  public synchronized RelayConfig config() {
    return config;
  }

  /** What {@link #metrics} returns; empty by default (no Prometheus registry). */
  public synchronized void setMetrics(Optional<String> text) {
    this.metricsText = text;
  }

  /** What {@link #readinessProblems} returns; none by default (ready). */
  public synchronized void setReadinessProblems(List<String> problems) {
    this.readinessProblems = List.copyOf(problems);
  }

  @Override
  public synchronized Optional<String> metrics() {
    return metricsText;
  }

  @Override
  public synchronized List<String> readinessProblems() {
    return readinessProblems;
  }
}
