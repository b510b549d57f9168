package io.poolrelay.upstreams.health;

/**
 * The health states {@link UpstreamHealth} decides. {@code disabled} (config) and {@code capped} (a
 * limit) are shown to operators too, but other parts of the relay decide them.
 */
public enum HealthState {
  /** Usable. */
  UP,
  /** Failed too often; probed after a cool-down and usable again once a probe passes. */
  DOWN,
  /** Taken out by hand or by a reputation guard until a given time. */
  PAUSED
}
