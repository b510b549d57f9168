package io.poolrelay.server.delivery;

import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.config.model.PoolMember;
import io.poolrelay.server.fleet.Admission;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.server.metrics.RelayMetrics;
import io.poolrelay.server.routing.RouteDecision;
import io.poolrelay.server.routing.Router;
import io.poolrelay.server.routing.RoutingInput;
import io.poolrelay.server.spool.SpooledEnvelope;
import io.poolrelay.server.spool.StoredMessage;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.RecipientOutcome;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.selection.Candidate;
import io.poolrelay.upstreams.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of one message: route it, then hand it to the pool's members in order until
 * every recipient has an outcome that another member could not change. An upstream-scope failure
 * (refused, timed out, TLS or AUTH failure, 421, 4xx to MAIL or DATA, a 5xx listed in
 * {@code failover_on}) passes the recipients still open to the next member at once. An ambiguous
 * failure (connection lost after the final dot) does not: the upstream may have the message, so it
 * waits for the retry schedule rather than risk a duplicate through another member.
 */
public final class PoolDelivery {

  private static final Logger log = LoggerFactory.getLogger(PoolDelivery.class);

  private final Router router;
  private final PoolMembers pools;
  private final Fleet fleet;
  private final InstantSource clock;
  private final String defaultPool;
  private final Ticker ticker;
  private final RelayMetrics metrics;

  public PoolDelivery(Router router, PoolMembers pools, Fleet fleet, String defaultPool, InstantSource clock,
      Ticker ticker, RelayMetrics metrics) {
    this.router = router;
    this.pools = pools;
    this.fleet = fleet;
    this.clock = clock;
    this.defaultPool = defaultPool;
    this.ticker = ticker;
    this.metrics = metrics;
  }

  /**
   * Tries {@code recipients} of {@code message} through {@code routed}, the pool {@link #poolFor} gave it
   * (and its fallbacks); returns one fate per recipient.
   */
  public List<RecipientFate> attempt(StoredMessage message, List<String> recipients, String routed)
      throws InterruptedException {
    SpooledEnvelope envelope = message.envelope();
    String pool = routed;
    List<String> open = new ArrayList<>(recipients);
    Map<String, RecipientFate> fates = new LinkedHashMap<>();
    Map<String, RecipientFate> lastFailover = new LinkedHashMap<>();
    Set<String> visitedPools = new HashSet<>();
    Optional<SmtpReply> tooBig = tooBigForEveryMember(routed, message.length());
    if (tooBig.isPresent()) {
      log.warn("queue_id={} size={} pool={} {}", envelope.queueId(), message.length(), routed, tooBig.get());
      return recipients.stream()
          .map(r -> new RecipientFate(r, RecipientFate.Kind.BOUNCED, tooBig.get(), "", false)).toList();
    }
    while (pool != null && !open.isEmpty() && visitedPools.add(pool)) {
      PoolMembers.Choice choice = pools.choose(pool);
      if (choice.order().isEmpty()) {
        log.warn("queue_id={} pool={} has no usable member ({}); message waits", envelope.queueId(), pool,
            choice.skipped().isEmpty() ? "no members" : String.join("; ", choice.skipped()));
      }
      for (Candidate member : choice.order()) {
        UpstreamRuntime runtime = fleet.get(member.upstream());
        if (!runtime.client().acceptsSize(message.length())) {
          // Skipped like a capped member: another member of the pool takes it.
          log.debug("queue_id={} pool={} upstream={} skipped: message of {} bytes is over its size limit",
              envelope.queueId(), pool, member.upstream(), message.length());
          continue;
        }
        open = tryMember(message, pool, runtime, open, fates, lastFailover);
        if (open.isEmpty()) {
          break;
        }
      }
      PoolConfig poolConfig = pools.pool(pool);
      if (!open.isEmpty() && poolConfig.fallback().isPresent()) {
        String fallback = poolConfig.fallback().get();
        log.warn("queue_id={} pool={} could not take {} recipient(s); using fallback pool {} as configured",
            envelope.queueId(), pool, open.size(), fallback);
        metrics.fallbackUsed(pool, fallback);
        pool = fallback;
      } else {
        pool = null;
      }
    }
    if (open.stream().anyMatch(recipient -> !lastFailover.containsKey(recipient))) {
      metrics.messageWaiting(routed);
    }
    for (String recipient : open) {
      RecipientFate failedOver = lastFailover.get(recipient);
      if (failedOver == null) {
        SmtpReply waiting = new SmtpReply(451, "4.4.5", "no member of the pool can take it now", "ROUTE");
        fates.put(recipient, new RecipientFate(recipient, RecipientFate.Kind.WAITING, waiting, "", false));
      } else {
        fates.put(recipient, failedOver);
      }
    }
    List<RecipientFate> ordered = new ArrayList<>();
    for (String recipient : recipients) {
      ordered.add(fates.get(recipient));
    }
    return ordered;
  }

  /**
   * A 552 5.3.4 when no member of {@code pool} or of its fallbacks, usable now or not, takes a message of
   * {@code size} bytes (an SES-only pool and a message over SES's limit): waiting would not help.
   */
  private Optional<SmtpReply> tooBigForEveryMember(String pool, long size) {
    Set<String> seen = new HashSet<>();
    for (String name = pool; name != null && seen.add(name); name = pools.pool(name).fallback().orElse(null)) {
      for (PoolMember member : pools.pool(name).members()) {
        if (fleet.find(member.upstream()).map(u -> u.client().acceptsSize(size)).orElse(true)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new SmtpReply(552, "5.3.4", "message too big for every member of pool " + pool
        + " and its fallbacks (" + size + " bytes)", "ROUTE"));
  }

  /** The pool routing picks; the relay's own bounces always use the default pool. */
  public String poolFor(SpooledEnvelope envelope) {
    if (SpooledEnvelope.ORIGIN_DSN.equals(envelope.origin())) {
      return defaultPool;
    }
    return decide(envelope).pool();
  }

  public RouteDecision decide(SpooledEnvelope envelope) {
    return router.route(new RoutingInput(envelope.hints(), envelope.sender(), envelope.recipients(),
        envelope.listener(), envelope.authUser()));
  }

  /** Hands {@code open} to one member; returns the recipients to offer the next member. */
  private List<String> tryMember(StoredMessage message, String pool, UpstreamRuntime member, List<String> open,
      Map<String, RecipientFate> fates, Map<String, RecipientFate> lastFailover) throws InterruptedException {
    SpooledEnvelope envelope = message.envelope();
    Optional<Admission> admission = member.admit(open.size(), clock.instant());
    if (admission.isEmpty()) {
      // Capped between the choice and now (another delivery took the last of a limit, or the rate
      // says wait): the next member gets its turn, and without one the message waits.
      log.debug("queue_id={} pool={} upstream={} skipped: {}", envelope.queueId(), pool, member.name(),
          member.unavailable(clock.instant()).orElse("rate limit"));
      return open;
    }
    // A limit with less room than the message has recipients takes the first ones; the rest go to the
    // next member, or wait.
    List<String> batch = open.subList(0, admission.get().recipients());
    List<String> next = new ArrayList<>(open.subList(batch.size(), open.size()));
    Upstream upstream = member.client();
    long started = ticker.nanoTime();
    TransactionResult result;
    metrics.deliveryStarted(upstream.name());
    try {
      result = upstream.deliver(new Envelope(envelope.queueId(), envelope.sender(), batch, pool, envelope.hints()),
          message.content());
    } catch (InterruptedException | RuntimeException e) {
      member.release(admission.get());
      throw e;
    } finally {
      metrics.deliveryEnded(upstream.name());
    }
    member.record(admission.get(), result, clock.instant());
    long elapsedNanos = ticker.nanoTime() - started;
    long elapsedMillis = elapsedNanos / 1_000_000;
    int delivered = 0;
    int bounced = 0;
    int deferred = 0;
    boolean ambiguous = false;
    SmtpReply shown = null;
    Set<String> upstreamIds = new LinkedHashSet<>();
    for (RecipientOutcome outcome : result.outcomes()) {
      String recipient = outcome.recipient();
      SmtpReply reply = outcome.outcome().reply();
      switch (outcome.outcome()) {
        case DeliveryOutcome.Delivered d -> {
          fates.put(recipient,
              new RecipientFate(recipient, RecipientFate.Kind.DELIVERED, reply, upstream.name(), false, d.upstreamId()));
          delivered++;
          if (!d.upstreamId().isEmpty()) {
            upstreamIds.add(d.upstreamId());
          }
        }
        case DeliveryOutcome.Rejected r when r.scope() == FailureScope.UPSTREAM -> {
          lastFailover.put(recipient,
              new RecipientFate(recipient, RecipientFate.Kind.BOUNCED, reply, upstream.name(), false));
          next.add(recipient);
        }
        case DeliveryOutcome.Rejected r -> {
          fates.put(recipient, new RecipientFate(recipient, RecipientFate.Kind.BOUNCED, reply, upstream.name(), false));
          bounced++;
        }
        case DeliveryOutcome.Deferred d when d.scope() == FailureScope.UPSTREAM && !d.ambiguous() -> {
          lastFailover.put(recipient,
              new RecipientFate(recipient, RecipientFate.Kind.DEFERRED, reply, upstream.name(), false));
          next.add(recipient);
        }
        case DeliveryOutcome.Deferred d -> {
          fates.put(recipient,
              new RecipientFate(recipient, RecipientFate.Kind.DEFERRED, reply, upstream.name(), d.ambiguous()));
          deferred++;
          ambiguous |= d.ambiguous();
        }
      }
      if (shown == null || !(outcome.outcome() instanceof DeliveryOutcome.Delivered)) {
        shown = reply;
      }
    }
    if (ambiguous) {
      metrics.ambiguousDelivery(pool, upstream.name());
    }
    int failedOver = next.size() - (open.size() - batch.size());
    metrics.deliveryAttempt(pool, upstream.name(), Duration.ofNanos(elapsedNanos), delivered, deferred, bounced,
        failedOver);
    logAttempt(envelope, message.length(), pool, upstream.name(), batch.size(), delivered, bounced, deferred,
        failedOver, ambiguous, shown, String.join(",", upstreamIds), elapsedMillis);
    return next;
  }

  private static void logAttempt(SpooledEnvelope envelope, int size, String pool, String upstream, int rcpts,
      int delivered, int bounced, int deferred, int failedOver, boolean ambiguous, SmtpReply shown,
      String upstreamIds, long elapsedMillis) {
    String outcome;
    if (delivered == rcpts) {
      outcome = "delivered";
    } else if (failedOver == rcpts) {
      outcome = "failed_over";
    } else if (bounced == rcpts) {
      outcome = "bounced";
    } else if (deferred == rcpts) {
      outcome = ambiguous ? "deferred_ambiguous" : "deferred";
    } else {
      outcome = "mixed delivered=" + delivered + " bounced=" + bounced + " deferred=" + deferred
          + " failed_over=" + failedOver;
    }
    log.info("queue_id={} from=<{}> rcpts={} size={} pool={} upstream={}{} result={} reply=\"{}\" duration={}ms",
        envelope.queueId(), envelope.sender(), rcpts, size, pool, upstream,
        upstreamIds.isEmpty() ? "" : " upstream_id=" + upstreamIds, outcome, shown, elapsedMillis);
  }
}
