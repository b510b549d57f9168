package io.poolrelay.server.reload;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.validate.ConfigError;
import io.poolrelay.config.validate.ConfigException;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.fleet.UpstreamRuntime;
import io.poolrelay.upstreams.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration and, when it is valid, swaps the active one in a single step: the next
 * message is routed by the new routes and weights, upstreams that did not change keep their counts and
 * state, and upstreams that changed or went away finish the deliveries they have under way before they
 * are closed. An invalid file changes nothing: every problem is logged and returned. Listener, spool and
 * admin settings are read only at start; when they differ the result says a restart is needed.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
  /** How often a retired upstream is looked at, and the longest its deliveries may take to end. */
  private static final Duration RETIRE_CHECK = Duration.ofSeconds(1);
  private static final Duration RETIRE_AT_MOST = Duration.ofMinutes(10);

  private final ConfigSource source;
  private final Supplier<ActiveConfig> current;
  private final BiFunction<RelayConfig, Fleet, ActiveConfig> assemble;
  private final Consumer<ActiveConfig> install;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final Set<UpstreamRuntime> retiring = ConcurrentHashMap.newKeySet();

  /**
   * @param assemble builds what routing and delivery use from a configuration and its fleet
   * @param install makes a new active configuration current (and tells whoever needs to know)
   */
  public ConfigReloader(ConfigSource source, Supplier<ActiveConfig> current,
      BiFunction<RelayConfig, Fleet, ActiveConfig> assemble, Consumer<ActiveConfig> install, Scheduler scheduler,
      InstantSource clock) {
    this.source = source;
    this.current = current;
    this.assemble = assemble;
    this.install = install;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** One reload at a time: a second caller waits and then reloads again, reading the file anew. */
  public synchronized ReloadResult reload() {
    RelayConfig next;
    try {
      next = source.load();
    } catch (ConfigException e) {
      List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
      log.error("reload refused, the relay keeps running its current configuration: {} problem(s)", errors.size());
      errors.forEach(error -> log.error("reload: {}", error));
      return ReloadResult.refused(errors);
    }
    ActiveConfig old = current.get();
    Fleet.Reconfigured fleet;
    try {
      fleet = old.fleet().reconfigure(next);
    } catch (IOException | RuntimeException e) {
      log.error("reload refused, the relay keeps running its current configuration: {}", e.toString());
      return ReloadResult.refused(List.of("could not build the upstreams: " + e));
    }
    install.accept(assemble.apply(next, fleet.fleet()));
    List<String> changes = changes(old.config(), next, fleet);
    List<String> needsRestart = needsRestart(old.config(), next);
    log.info("reload applied: {}", changes.isEmpty() ? "nothing changed" : String.join("; ", changes));
    needsRestart.forEach(section -> log.warn("reload: {} changed; that applies at the next start", section));
    fleet.retired().forEach(upstream -> retire(upstream, clock.instant().plus(RETIRE_AT_MOST)));
    return new ReloadResult(true, List.of(), changes, needsRestart);
  }

  private static List<String> changes(RelayConfig old, RelayConfig next, Fleet.Reconfigured fleet) {
    List<String> changes = new ArrayList<>();
    fleet.added().forEach(name -> changes.add("upstream " + name + " added"));
    fleet.changed().forEach(name -> changes.add("upstream " + name + " changed"));
    fleet.removed().forEach(name -> changes.add("upstream " + name + " removed"));
    for (String pool : next.pools().keySet()) {
      if (!old.pools().containsKey(pool)) {
        changes.add("pool " + pool + " added");
      } else if (!old.pools().get(pool).equals(next.pools().get(pool))) {
        changes.add("pool " + pool + " changed");
      }
    }
    old.pools().keySet().stream().filter(pool -> !next.pools().containsKey(pool))
        .forEach(pool -> changes.add("pool " + pool + " removed"));
    if (!old.routing().equals(next.routing())) {
      changes.add("routing changed");
    }
    return changes;
  }

  private static List<String> needsRestart(RelayConfig old, RelayConfig next) {
    List<String> sections = new ArrayList<>();
    if (!old.listeners().equals(next.listeners())) {
      sections.add("listeners");
    }
    if (!old.spool().equals(next.spool())) {
      sections.add("spool");
    }
    if (!Objects.equals(old.admin(), next.admin())) {
      sections.add("admin");
    }
    return sections;
  }

  /** Closes {@code upstream} once nothing is in flight through it, or at {@code deadline} at the latest. */
  private void retire(UpstreamRuntime upstream, Instant deadline) {
    Instant now = clock.instant();
    retiring.add(upstream);
    if (upstream.inFlight(now) == 0 || !now.isBefore(deadline)) {
      if (!retiring.remove(upstream)) {
        return;
      }
      upstream.close();
      log.info("upstream={} retired by the reload; closed", upstream.name());
      return;
    }
    scheduler.schedule(() -> retire(upstream, deadline), RETIRE_CHECK);
  }

  /** Closes upstreams still waiting to retire: the relay is stopping. */
  @Override
  public void close() {
    for (UpstreamRuntime upstream : List.copyOf(retiring)) {
      if (retiring.remove(upstream)) {
        upstream.close();
      }
    }
  }
}
