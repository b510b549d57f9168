package io.poolrelay.server.fleet;

import io.poolrelay.upstreams.health.HealthState;
import io.poolrelay.upstreams.health.HealthStatus;
import io.poolrelay.upstreams.limits.QuotaStatus;
import java.util.Locale;

/**
 * The state an operator sees for an upstream, in one place for the admin API and the metrics: disabled
 * in the config, then its health (down, paused), then capped by a limit, else up.
 */
public enum UpstreamState {
  UP,
  DOWN,
  PAUSED,
  DISABLED,
  CAPPED;

  /** The state from the parts the caller has already read at one instant. */
  public static UpstreamState of(boolean enabled, HealthStatus health, QuotaStatus usage) {
    if (!enabled) {
      return DISABLED;
    }
    if (health.state() != HealthState.UP) {
      return health.state() == HealthState.DOWN ? DOWN : PAUSED;
    }
    return usage.hasRoom() ? UP : CAPPED;
  }

  /** The lower-case name shown in the admin API and used as a metric label. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
