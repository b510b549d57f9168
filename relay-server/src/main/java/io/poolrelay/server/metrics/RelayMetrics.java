package io.poolrelay.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's event meters (counters and the delivery timer); the gauges, read at scrape time, are in
 * {@link RelayGauges}. Counters are looked up by their labels on each event; Micrometer caches them.
 */
public final class RelayMetrics {

  /** The outcomes of {@code poolrelay_delivery_recipients_total}. */
  public static final String DELIVERED = "delivered";
  public static final String DEFERRED = "deferred";
  public static final String BOUNCED = "bounced";
  public static final String FAILED_OVER = "failed_over";

  /** The {@code le} buckets of the delivery duration histogram, from a fast local peer to a slow DATA. */
  private static final Duration[] DURATION_BUCKETS = {
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  public RelayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter, or empty when the registry is not a Prometheus one. */
  public Optional<String> scrape() {
    return prometheus(registry).map(PrometheusMeterRegistry::scrape);
  }

  private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return Optional.of(prometheus);
    }
    if (registry instanceof CompositeMeterRegistry composite) {
      return composite.getRegistries().stream().flatMap(r -> prometheus(r).stream()).findFirst();
    }
    return Optional.empty();
  }

  /** The counters of the listener named {@code listener}, registered now at zero. */
  public ListenerMeters listener(String listener) {
    return new ListenerMeters(registry, listener);
  }

  /** A transaction with {@code upstream} begins; pair with {@link #deliveryEnded}. */
  public void deliveryStarted(String upstream) {
    inFlight.computeIfAbsent(upstream, u -> new AtomicInteger()).incrementAndGet();
  }

  public void deliveryEnded(String upstream) {
    inFlight.computeIfAbsent(upstream, u -> new AtomicInteger()).decrementAndGet();
  }

  /** Transactions with {@code upstream} under way now. */
  public int inFlight(String upstream) {
    AtomicInteger count = inFlight.get(upstream);
    return count == null ? 0 : count.get();
  }

  /**
   * One transaction with {@code upstream} for {@code pool} took {@code took} and ended with these
   * recipient counts; {@code failedOver}: recipients handed to the next member after an
   * upstream-scope failure.
   */
  public void deliveryAttempt(String pool, String upstream, Duration took, int delivered, int deferred, int bounced,
      int failedOver) {
    Counter.builder("poolrelay.delivery.attempts")
        .description("Transactions with an upstream (one per message and member tried)")
        .tag("pool", pool)
        .tag("upstream", upstream)
        .register(registry)
        .increment();
    recipients(pool, upstream, DELIVERED, delivered);
    recipients(pool, upstream, DEFERRED, deferred);
    recipients(pool, upstream, BOUNCED, bounced);
    recipients(pool, upstream, FAILED_OVER, failedOver);
    Timer.builder("poolrelay.delivery.duration")
        .description("How long one transaction with an upstream took, connection wait included")
        .tag("upstream", upstream)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(took);
  }

  private void recipients(String pool, String upstream, String outcome, int count) {
    Counter.builder("poolrelay.delivery.recipients")
        .description("Recipients per transaction outcome: delivered, deferred (4xx, retried later), bounced (5xx, "
            + "final), failed_over (upstream-scope failure, handed to the next member)")
        .tag("pool", pool)
        .tag("upstream", upstream)
        .tag("outcome", outcome)
        .register(registry)
        .increment(count);
  }

  /** {@code count} complaints (feedback-loop reports) were reported against {@code upstream}. */
  public void complaintsReceived(String upstream, int count) {
    Counter.builder("poolrelay.upstream.complaints")
        .description("Complaints (feedback-loop reports) reported through the admin API")
        .tag("upstream", upstream)
        .register(registry)
        .increment(count);
  }

  /** A message routed to {@code pool} found no usable member and waits in the spool. */
  public void messageWaiting(String pool) {
    Counter.builder("poolrelay.messages.waiting")
        .description("Times a message found no usable member in its pool and stayed in the spool")
        .tag("pool", pool)
        .register(registry)
        .increment();
  }

  /** The connection to {@code upstream} was lost after the final dot: it may have the message. */
  public void ambiguousDelivery(String pool, String upstream) {
    Counter.builder("poolrelay.deliveries.ambiguous")
        .description("Deliveries whose outcome is unknown (connection lost after the final dot); retried later")
        .tag("pool", pool)
        .tag("upstream", upstream)
        .register(registry)
        .increment();
  }

  /** {@code pool} could not take a message and handed it to its configured {@code fallback}. */
  public void fallbackUsed(String pool, String fallback) {
    Counter.builder("poolrelay.fallbacks")
        .description("Messages handed from a pool to its configured fallback pool")
        .tag("pool", pool)
        .tag("fallback", fallback)
        .register(registry)
        .increment();
  }

  /** Recipients given up for good: {@code reason} is rejected or expired. */
  public void recipientsBounced(String reason, int count) {
    Counter.builder("poolrelay.recipients.bounced")
        .description("Recipients that failed permanently (rejected by an upstream, or expired in the queue)")
        .tag("reason", reason)
        .register(registry)
        .increment(count);
  }
}
