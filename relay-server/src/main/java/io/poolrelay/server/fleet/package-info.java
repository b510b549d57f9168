/**
 * The relay's upstreams as they run: each one's client with its health, reputation guard, sending
 * quota (hourly, daily, warmup), rate limit and usage journal, and the one question delivery asks of
 * them: may this upstream take a message of n recipients now, and if not, why not.
 */
package io.poolrelay.server.fleet;
