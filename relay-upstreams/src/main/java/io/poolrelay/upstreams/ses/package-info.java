/**
 * Amazon SES as an upstream, through the SES v2 API: {@code SendEmail} with the message's raw bytes and
 * the envelope's recipients, {@code GetAccount} for the quota and as the health check.
 *
 * <p>{@link io.poolrelay.upstreams.ses.SesUpstream} sends; {@link io.poolrelay.upstreams.ses.SesErrors}
 * turns every SES answer and transport failure into an outcome with a scope (and, where SES says
 * something about the account, an {@link io.poolrelay.upstreams.UpstreamSignal}), exactly as
 * {@code smtp} does for replies; {@link io.poolrelay.upstreams.ses.SesClients} builds the one SDK client
 * per upstream with the SDK's own retries off, because the relay's failover and retry schedule decide.
 */
package io.poolrelay.upstreams.ses;
