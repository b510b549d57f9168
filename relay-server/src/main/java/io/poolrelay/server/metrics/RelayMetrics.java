package io.poolrelay.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The relay's meters. Counters are looked up by their labels on each event; Micrometer caches them. */
public final class RelayMetrics {

  private final MeterRegistry registry;

  public RelayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
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
