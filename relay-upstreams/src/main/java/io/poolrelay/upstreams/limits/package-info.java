/**
 * Sending limits per upstream: how much an upstream may still take, and when.
 *
 * <ul>
 *   <li>{@link io.poolrelay.upstreams.limits.RollingWindowCounter}: counts in a rolling window with fixed
 *       buckets (fixed memory; a count leaves up to one bucket late, never early).
 *   <li>{@link io.poolrelay.upstreams.limits.SendingQuota}: hourly and daily limits and a warmup cap,
 *       enforced by reservation so concurrent deliveries never exceed them.
 *   <li>{@link io.poolrelay.upstreams.limits.RateLimiter}: a smooth rate with a small burst (GCRA, as in
 *       KumoMTA {@code crates/throttle}).
 *   <li>{@link io.poolrelay.upstreams.limits.WarmupSchedule}: a daily cap that grows one step per healthy
 *       day ({@link io.poolrelay.upstreams.limits.StepWarmup}, {@link io.poolrelay.upstreams.limits.RampWarmup}),
 *       gated by {@link io.poolrelay.upstreams.limits.WarmupGate}.
 *   <li>{@link io.poolrelay.upstreams.limits.UsageJournal}: counts and warmup state under the spool
 *       directory, so a restart never doubles an allowance.
 * </ul>
 *
 * <p>Nothing here reads a clock: callers pass the {@link java.time.Instant} they took from their injected
 * {@link java.time.InstantSource}. Nothing here starts a thread; every class is safe to call from many
 * threads.
 */
package io.poolrelay.upstreams.limits;
