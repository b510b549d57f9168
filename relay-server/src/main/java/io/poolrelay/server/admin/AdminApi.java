package io.poolrelay.server.admin;

import io.poolrelay.server.reload.ReloadResult;
import io.poolrelay.config.RelayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the relay shows and does for the admin API. Implemented by the relay; called on admin threads. */
public interface AdminApi {

  /** Every configured upstream, in configuration order. */
  List<UpstreamView> upstreams();

  /** Every configured pool, in configuration order, with its members and its share of the queue. */
  List<PoolView> pools();

  /** The queue by state and pool, with the oldest message's age. */
  QueueSummary queueSummary();

  /**
   * Stops sending through {@code upstream} for {@code duration}, or until resumed when empty.
   *
   * @return the upstream as it is now, or empty when there is no such upstream
   */
  Optional<UpstreamView> pause(String upstream, Optional<Duration> duration, String reason);

  /** Lifts a pause. @return the upstream as it is now, or empty when there is no such upstream */
  Optional<UpstreamView> resume(String upstream);

  /** The result of reporting complaints: whether the upstream's guard counted them, and the upstream now. */
  record ComplaintsRecorded(boolean counted, UpstreamView upstream) {}

  /**
   * Counts {@code count} complaints (feedback-loop reports) against {@code upstream}; its guard may pause
   * it. @return empty when there is no such upstream
   */
  Optional<ComplaintsRecorded> recordComplaints(String upstream, int count);

  /** Re-reads the configuration file and puts it in force if it is valid; an invalid one changes nothing. */
  ReloadResult reload();

  /** The relay's clock, against which the status page shows ages ("down for 5m"). */
  Instant now();

  /** The last few WARN and ERROR log lines, oldest first. */
  List<ProblemView> recentProblems();

  /**
   * Queued messages, oldest first, at most {@code limit}.
   *
   * @param state only messages in this state (one of {@link QueuedView#STATES}), if given
   * @param pool only messages routed to this pool, if given
   */
  List<QueuedView> queue(Optional<String> state, Optional<String> pool, int limit);

  /** One queued message with its envelope; empty when it is not (or no longer) queued. */
  Optional<QueuedMessageView> queuedMessage(String queueId);

  /** What a retry by hand did. */
  sealed interface RetryResult {
    /** Due now; {@code message} as it stands after the change. */
    record Retried(QueuedView message) implements RetryResult {}

    /** No such message in the queue. */
    record NotQueued() implements RetryResult {}

    /** The message is incoming or being delivered, so there is nothing to bring forward. */
    record NotRetryable(String state) implements RetryResult {}
  }

  /** Makes a deferred or waiting message due now. */
  RetryResult retry(String queueId);

  /** What a delete by hand did. */
  enum DeleteResult { DELETED, NOT_QUEUED, BEING_DELIVERED }

  /** Removes a queued message from the spool without a bounce. */
  DeleteResult delete(String queueId);

  /** Makes every deferred message due now and looks at waiting mail again; returns how many were deferred. */
  int flush();

  /** The configuration the relay runs now (secrets included: callers mask them). */
  RelayConfig config();
  /** The Prometheus text exposition of the relay's metrics, or empty when no Prometheus registry is in use. */
  Optional<String> metrics();

  /**
   * What keeps the relay from being ready to take mail: a listener not bound, the spool not writable.
   * Empty when it is ready.
   */
  List<String> readinessProblems();
}
