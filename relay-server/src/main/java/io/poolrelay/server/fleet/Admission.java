package io.poolrelay.server.fleet;

import io.poolrelay.upstreams.limits.SendingQuota;

/** Leave to hand one message to one upstream: the recipients it reserved against the upstream's limits. */
public record Admission(SendingQuota.Reservation reservation) {}
