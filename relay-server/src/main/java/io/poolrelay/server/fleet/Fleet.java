package io.poolrelay.server.fleet;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.RampWarmup;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.StepWarmup;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.file.FileUpstream;
import io.poolrelay.upstreams.health.HealthListener;
import io.poolrelay.upstreams.health.HealthProbe;
import io.poolrelay.upstreams.health.HealthTimings;
import io.poolrelay.upstreams.health.LoggingHealthListener;
import io.poolrelay.upstreams.health.ReputationGuard;
import io.poolrelay.upstreams.health.SmtpHealthProbe;
import io.poolrelay.upstreams.health.UpstreamHealth;
import io.poolrelay.upstreams.limits.RateLimiter;
import io.poolrelay.upstreams.limits.SendingQuota;
import io.poolrelay.upstreams.limits.UsageJournal;
import io.poolrelay.upstreams.limits.WarmupSchedule;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.Scheduler;
import io.poolrelay.upstreams.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/** Every configured upstream at run time, by name. Built and closed by the composition root. */
public final class Fleet implements AutoCloseable {

  private final Map<String, UpstreamRuntime> upstreams;
  private final List<HealthListener> listeners;

  private Fleet(Map<String, UpstreamRuntime> upstreams, List<HealthListener> listeners) {
    this.upstreams = upstreams;
    this.listeners = listeners;
  }

  /**
   * Builds every upstream of {@code config}; usage counts and warmup state are restored from
   * {@code usageDirectory}, so a restart never grants an upstream its allowance twice.
   */
  public static Fleet create(RelayConfig config, Path usageDirectory, InstantSource clock, Ticker ticker,
      Scheduler scheduler, Executor probes) throws IOException {
    Map<String, UpstreamRuntime> built = new LinkedHashMap<>();
    List<HealthListener> listeners = new CopyOnWriteArrayList<>(List.of(new LoggingHealthListener()));
    HealthListener everyListener = (upstream, from, to, reason) ->
        listeners.forEach(listener -> listener.transition(upstream, from, to, reason));
    try {
      for (UpstreamConfig upstream : config.upstreams().values()) {
        built.put(upstream.name(), build(upstream, usageDirectory, clock, ticker, scheduler, probes, everyListener));
      }
    } catch (IOException | RuntimeException e) {
      built.values().forEach(UpstreamRuntime::close);
      throw e;
    }
    return new Fleet(built, listeners);
  }

  private static UpstreamRuntime build(UpstreamConfig config, Path usageDirectory, InstantSource clock,
      Ticker ticker, Scheduler scheduler, Executor probes, HealthListener listener) throws IOException {
    Upstream client;
    HealthProbe probe;
    switch (config) {
      case SmtpUpstreamConfig smtp -> {
        SmtpUpstream upstream = new SmtpUpstream(smtp, ticker);
        client = upstream;
        probe = new SmtpHealthProbe(upstream);
      }
      case FileUpstreamConfig file -> {
        client = new FileUpstream(file);
        probe = HealthProbe.NONE;
      }
    }
    HealthConfig healthConfig = config.health();
    HealthTimings timings = new HealthTimings(healthConfig.failuresToDown(),
        healthConfig.enabled() && config.enabled() ? Optional.of(healthConfig.interval()) : Optional.empty(),
        healthConfig.timeout(), healthConfig.coolDown(), healthConfig.maxCoolDown());
    UpstreamHealth health = new UpstreamHealth(config.name(), probe, probes, scheduler, clock,
        listener, timings);
    GuardConfig guardConfig = config.guard();
    Optional<ReputationGuard> guard = guardConfig.enabled()
        ? Optional.of(new ReputationGuard(config.name(), guardConfig.window(), guardConfig.minSample(),
            guardConfig.bounceRate(), guardConfig.deferralRate(), guardConfig.complaintRate(), guardConfig.pauseFor()))
        : Optional.empty();
    Optional<WarmupSchedule> warmup = config.warmup().map(w -> switch (w) {
      case StepWarmup step -> (WarmupSchedule) new io.poolrelay.upstreams.limits.StepWarmup(step.start(), step.daily());
      case RampWarmup ramp -> new io.poolrelay.upstreams.limits.RampWarmup(ramp.start(), ramp.initialDaily(),
          ramp.growth(), ramp.until());
    });
    UsageJournal journal = UsageJournal.open(usageDirectory, config.name(), clock);
    journal.warmupState().ifPresent(state -> warmup.ifPresent(w -> w.restore(state)));
    LimitsConfig limits = config.limits();
    SendingQuota quota = new SendingQuota(limits.hourlyLimit(), limits.dailyLimit(), warmup, journal);
    journal.restoreInto(quota);
    Optional<RateLimiter> rate = limits.maxRate().isPresent()
        ? Optional.of(new RateLimiter(limits.maxRate().getAsDouble(), limits.burst()))
        : Optional.empty();
    return new UpstreamRuntime(config, client, health, guard, quota, rate, warmup, journal);
  }

  /**
   * Adds a listener told of every health transition of every upstream (after the log line). It is
   * called under that upstream's lock: it must hand real work to another thread.
   */
  public void onHealthChange(HealthListener listener) {
    listeners.add(listener);
  }

  /** Starts active health checks. */
  public void start() {
    upstreams.values().forEach(u -> u.health().start());
  }

  public UpstreamRuntime get(String name) {
    UpstreamRuntime runtime = upstreams.get(name);
    if (runtime == null) {
      throw new IllegalArgumentException("no upstream '" + name + "'");
    }
    return runtime;
  }

  public Optional<UpstreamRuntime> find(String name) {
    return Optional.ofNullable(upstreams.get(name));
  }

  public Collection<UpstreamRuntime> all() {
    return upstreams.values();
  }

  @Override
  public void close() {
    upstreams.values().forEach(UpstreamRuntime::close);
  }
}
