/**
 * Every meter the relay keeps, with its name and help text, on a {@code MeterRegistry} passed in by the
 * composition root. Names follow Prometheus conventions: {@code poolrelay_} prefix, {@code _total}
 * counters, and labels of low cardinality only (pool, upstream, reason; never an address or an id).
 */
package io.poolrelay.server.metrics;
