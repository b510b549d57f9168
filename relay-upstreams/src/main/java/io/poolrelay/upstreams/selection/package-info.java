/**
 * Orders a pool's usable members for the next message. The first member is the strategy's pick; the
 * rest are the failover order. Which members are usable is decided by the caller (enabled, healthy,
 * under their limits); a strategy only orders what it is given.
 */
package io.poolrelay.upstreams.selection;
