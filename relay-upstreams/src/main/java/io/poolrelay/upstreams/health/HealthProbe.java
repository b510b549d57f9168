package io.poolrelay.upstreams.health;

/**
 * An active check of one upstream. For SMTP: connect, EHLO, STARTTLS and AUTH where configured, QUIT
 * ({@link SmtpHealthProbe}); other upstream types (SES) implement the same interface.
 *
 * <p>{@link #probe()} blocks, so {@link UpstreamHealth} runs it on the executor it was given, never on
 * the scheduler's thread. The probe bounds its own time (the SMTP probe uses the upstream's connect and
 * command timeouts) and reports every failure as a value; an exception it throws anyway is counted as a
 * failed check. {@link UpstreamHealth} also gives up on it after its {@code probeTimeout}, however long
 * those timeouts add up to.
 */
@FunctionalInterface
public interface HealthProbe {

  /** A probe for upstreams with nothing to check (the file upstream): it always passes. */
  HealthProbe NONE = () -> ProbeResult.passed("nothing to check");

  ProbeResult probe();
}
