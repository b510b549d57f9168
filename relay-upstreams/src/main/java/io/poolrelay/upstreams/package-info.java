/**
 * "Give me a message; I'll tell you what happened." Upstream clients and the delivery contract.
 *
 * <p>An {@link io.poolrelay.upstreams.Upstream} takes an {@link io.poolrelay.upstreams.Envelope} and
 * {@link io.poolrelay.upstreams.MessageContent} and returns a {@link io.poolrelay.upstreams.TransactionResult}
 * with one {@link io.poolrelay.upstreams.DeliveryOutcome} per recipient. Peers' 4xx and 5xx replies are
 * values, never exceptions. This module knows nothing of the spool or the listener.
 */
package io.poolrelay.upstreams;
