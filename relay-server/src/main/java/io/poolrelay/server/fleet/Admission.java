package io.poolrelay.server.fleet;

import io.poolrelay.upstreams.limits.SendingQuota;

/**
 * Leave to hand one message to one upstream: the recipients it reserved against the upstream's limits,
 * which may be fewer than the message has (the first {@link #recipients()} of them go).
 */
public record Admission(SendingQuota.Reservation reservation) {

  public int recipients() {
    return reservation.recipients();
  }
}
