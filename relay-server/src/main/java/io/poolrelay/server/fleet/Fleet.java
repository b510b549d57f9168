package io.poolrelay.server.fleet;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.GuardConfig;
import io.poolrelay.config.model.HealthConfig;
import io.poolrelay.config.model.LimitsConfig;
import io.poolrelay.config.model.RampWarmup;
import io.poolrelay.config.model.SesUpstreamConfig;
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
import io.poolrelay.upstreams.limits.SendingQuota;
import io.poolrelay.upstreams.limits.UsageJournal;
import io.poolrelay.upstreams.limits.WarmupSchedule;
import io.poolrelay.upstreams.rewrite.RewritingUpstream;
import io.poolrelay.upstreams.ses.SesCheck;
import io.poolrelay.upstreams.ses.SesClients;
import io.poolrelay.upstreams.ses.SesHealthProbe;
import io.poolrelay.upstreams.ses.SesUpstream;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.Scheduler;
import io.poolrelay.upstreams.time.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
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
  private final Parts parts;

  /** What every upstream is built with; kept so a reload builds new ones the same way. */
  private record Parts(Path usageDirectory, InstantSource clock, Ticker ticker, Scheduler scheduler,
      Executor probes, HealthListener everyListener) {}

  /** A reconfigured fleet, and the upstreams it no longer uses (to close once their deliveries end). */
  public record Reconfigured(Fleet fleet, List<UpstreamRuntime> retired, List<String> added, List<String> changed,
      List<String> removed) {}

  private Fleet(Map<String, UpstreamRuntime> upstreams, List<HealthListener> listeners, Parts parts) {
    this.upstreams = upstreams;
    this.listeners = listeners;
    this.parts = parts;
  }

  /**
   * Builds every upstream of {@code config}; usage counts and warmup state are restored from
   * {@code usageDirectory}, so a restart never grants an upstream its allowance twice.
   */
  public static Fleet create(RelayConfig config, Path usageDirectory, InstantSource clock, Ticker ticker,
      Scheduler scheduler, Executor probes) throws IOException {
    List<HealthListener> listeners = new CopyOnWriteArrayList<>(List.of(new LoggingHealthListener()));
    HealthListener everyListener = (upstream, from, to, reason) ->
        listeners.forEach(listener -> listener.transition(upstream, from, to, reason));
    Parts parts = new Parts(usageDirectory, clock, ticker, scheduler, probes, everyListener);
    Map<String, UpstreamRuntime> built = new LinkedHashMap<>();
    try {
      for (UpstreamConfig upstream : config.upstreams().values()) {
        built.put(upstream.name(), build(upstream, parts));
      }
    } catch (IOException | RuntimeException e) {
      built.values().forEach(UpstreamRuntime::close);
      throw e;
    }
    return new Fleet(built, listeners, parts);
  }

  /**
   * The fleet for {@code next}: an upstream whose settings did not change is kept as it is (counts,
   * health, pause, connections); a changed one is built anew from its usage journal, with the old one's
   * deliveries in flight counted as sent and its pause carried over; a new one is built. Changed and
   * removed upstreams come back as retired: the caller closes them once their deliveries end. New
   * upstreams are started. This fleet is left as it was, apart from sharing the kept upstreams.
   */
  public Reconfigured reconfigure(RelayConfig next) throws IOException {
    Map<String, UpstreamRuntime> built = new LinkedHashMap<>();
    List<UpstreamRuntime> fresh = new ArrayList<>();
    List<UpstreamRuntime> retired = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    try {
      for (UpstreamConfig config : next.upstreams().values()) {
        UpstreamRuntime old = upstreams.get(config.name());
        if (old != null && old.config().equals(config)) {
          built.put(config.name(), old);
          continue;
        }
        UpstreamRuntime replacement = build(config, parts);
        fresh.add(replacement);
        built.put(config.name(), replacement);
        if (old == null) {
          added.add(config.name());
        } else {
          replacement.takeOver(old, parts.clock().instant());
          retired.add(old);
          changed.add(config.name());
        }
      }
    } catch (IOException | RuntimeException e) {
      fresh.forEach(UpstreamRuntime::close);
      throw e;
    }
    List<String> removed = new ArrayList<>();
    for (UpstreamRuntime old : upstreams.values()) {
      if (!built.containsKey(old.name())) {
        retired.add(old);
        removed.add(old.name());
      }
    }
    fresh.forEach(UpstreamRuntime::startHealth);
    return new Reconfigured(new Fleet(built, listeners, parts), retired, added, changed, removed);
  }

  private static UpstreamRuntime build(UpstreamConfig config, Parts parts) throws IOException {
    Ticker ticker = parts.ticker();
    InstantSource clock = parts.clock();
    LimitsConfig limits = config.limits();
    Optional<WarmupSchedule> warmup = config.warmup().map(w -> switch (w) {
      case StepWarmup step -> (WarmupSchedule) new io.poolrelay.upstreams.limits.StepWarmup(step.start(), step.daily());
      case RampWarmup ramp -> new io.poolrelay.upstreams.limits.RampWarmup(ramp.start(), ramp.initialDaily(),
          ramp.growth(), ramp.until());
    });
    UsageJournal journal = UsageJournal.open(parts.usageDirectory(), config.name(), clock);
    journal.warmupState().ifPresent(state -> warmup.ifPresent(w -> w.restore(state)));
    SendingQuota quota = new SendingQuota(limits.hourlyLimit(), limits.dailyLimit(), warmup, journal);
    journal.restoreInto(quota);
    boolean useAccountQuota = config instanceof SesUpstreamConfig ses && ses.useAccountQuota();
    ProviderState provider = new ProviderState(config.name(), useAccountQuota, quota, limits.maxRate(), limits.burst(),
        clock);
    Upstream client;
    HealthProbe probe;
    try {
      switch (config) {
        case SmtpUpstreamConfig smtp -> {
          SmtpUpstream upstream = new SmtpUpstream(smtp, ticker);
          client = upstream;
          probe = new SmtpHealthProbe(upstream);
        }
        case SesUpstreamConfig ses -> {
          SesUpstream upstream = new SesUpstream(ses, SesClients.create(ses));
          client = upstream;
          probe = new SesHealthProbe(new SesCheck(upstream, provider));
        }
        case FileUpstreamConfig file -> {
          client = new FileUpstream(file);
          probe = HealthProbe.NONE;
        }
      }
      client = RewritingUpstream.wrap(client, config.rewrite());
    } catch (RuntimeException e) {
      try {
        journal.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    HealthConfig healthConfig = config.health();
    HealthTimings timings = new HealthTimings(healthConfig.failuresToDown(),
        healthConfig.enabled() && config.enabled() ? Optional.of(healthConfig.interval()) : Optional.empty(),
        healthConfig.timeout(), healthConfig.coolDown(), healthConfig.maxCoolDown());
    UpstreamHealth health = new UpstreamHealth(config.name(), probe, parts.probes(), parts.scheduler(), clock,
        parts.everyListener(), timings);
    GuardConfig guardConfig = config.guard();
    Optional<ReputationGuard> guard = guardConfig.enabled()
        ? Optional.of(new ReputationGuard(config.name(), guardConfig.window(), guardConfig.minSample(),
            guardConfig.bounceRate(), guardConfig.deferralRate(), guardConfig.complaintRate(), guardConfig.pauseFor()))
        : Optional.empty();
    return new UpstreamRuntime(config, client, health, guard, quota, provider, warmup, journal);
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
    upstreams.values().forEach(UpstreamRuntime::startHealth);
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
