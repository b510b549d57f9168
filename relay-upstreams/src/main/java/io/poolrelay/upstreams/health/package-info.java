/**
 * Whether an upstream may take deliveries now. {@link io.poolrelay.upstreams.health.UpstreamHealth} keeps
 * one upstream's state (up, down, paused), fed by upstream-scope outcomes of real deliveries and by active
 * checks ({@link io.poolrelay.upstreams.health.HealthProbe}); {@link io.poolrelay.upstreams.health.ReputationGuard}
 * watches bounce, deferral and complaint rates over a rolling window and says when to pause the upstream.
 * Time comes from an injected clock and scheduler; probes run on an executor the relay owns.
 */
package io.poolrelay.upstreams.health;
