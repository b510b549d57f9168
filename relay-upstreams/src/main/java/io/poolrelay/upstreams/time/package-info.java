/**
 * Time as a constructor argument. Only {@link io.poolrelay.upstreams.time.SystemTime} reads the
 * system clocks; tests use {@code FakeTime} and {@code ManualScheduler} from the test sources.
 */
package io.poolrelay.upstreams.time;
