package io.poolrelay.upstreams.health;

/**
 * Told of every health transition, so the relay can log it (and count it). A pause extended by one that
 * ends later is reported as {@code PAUSED -> PAUSED} with the new reason. Called while the upstream's
 * health is locked: keep it quick, and don't wait for other threads that use the same upstream.
 */
@FunctionalInterface
public interface HealthListener {

  void transition(String upstream, HealthState from, HealthState to, String reason);
}
