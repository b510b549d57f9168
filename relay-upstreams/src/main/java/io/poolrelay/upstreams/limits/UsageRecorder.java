package io.poolrelay.upstreams.limits;

import java.time.Instant;

/** Where a {@link SendingQuota} reports each commit, so counts can outlive the process. */
@FunctionalInterface
public interface UsageRecorder {

  /** Records that {@code count} recipients were accepted at {@code at}. */
  void record(Instant at, long count);

  /** Records nothing: counts live only in memory. */
  UsageRecorder NONE = (at, count) -> {};
}
