package io.poolrelay.server.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the relay shows and does for the admin API. Implemented by the relay; called on admin threads. */
public interface AdminApi {

  /** Every configured upstream, in configuration order. */
  List<UpstreamView> upstreams();

  /**
   * Stops sending through {@code upstream} for {@code duration}, or until resumed when empty.
   *
   * @return the upstream as it is now, or empty when there is no such upstream
   */
  Optional<UpstreamView> pause(String upstream, Optional<Duration> duration, String reason);

  /** Lifts a pause. @return the upstream as it is now, or empty when there is no such upstream */
  Optional<UpstreamView> resume(String upstream);
}
