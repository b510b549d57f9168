package io.poolrelay.server.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.units.DurationParser;
import io.poolrelay.server.lifecycle.Relay;
import io.poolrelay.server.log.LogFormat;
import io.poolrelay.server.log.RelayLoggerFactory;
import io.poolrelay.upstreams.time.SystemTime;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code poolrelay serve}: runs the relay until SIGTERM or SIGINT, then drains (see {@link Relay#close})
 * and exits 0.
 */
@Command(name = "serve", description = "Run the relay.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin
  ConfigOption config;

  @Option(names = "--log-format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--log-level", defaultValue = "info",
      description = "Lowest level logged: error, warn, info or debug (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(names = "--shutdown-timeout", defaultValue = "30s",
      description = "On SIGTERM or SIGINT, how long sessions and deliveries under way may finish before the "
          + "relay exits; the rest stays in the spool (default: ${DEFAULT-VALUE}).")
  String shutdownTimeout;

  @Override
  public Integer call() throws InterruptedException {
    if (LoggerFactory.getILoggerFactory() instanceof RelayLoggerFactory logging) {
      logging.output().configure("json".equalsIgnoreCase(logFormat) ? LogFormat.JSON : LogFormat.TEXT,
          Level.valueOf(logLevel.toUpperCase(Locale.ROOT)), System.out);
    }
    Duration drainTimeout;
    try {
      drainTimeout = DurationParser.parse(shutdownTimeout);
    } catch (IllegalArgumentException e) {
      config.err().println("poolrelay: --shutdown-timeout '" + shutdownTimeout + "': " + e.getMessage());
      return 1;
    }
    Optional<RelayConfig> relay = config.loadOrReport();
    if (relay.isEmpty()) {
      config.err().println("poolrelay: not starting: fix the configuration (poolrelay check-config shows the same list)");
      return 1;
    }
    RelayConfig loaded = relay.get();
    SystemTime time = new SystemTime();
    Relay running = new Relay(loaded, config::load, time, time, new SplittableRandom(new SecureRandom().nextLong()),
        ConfigOption.localHostname(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), drainTimeout);
    CountDownLatch stopRequested = new CountDownLatch(1);
    List<String> unhandled = StopSignals.install(signal -> {
      log.info("shutdown: SIG{} received", signal);
      stopRequested.countDown();
    });
    // For every other way the JVM may stop (a signal we could not take over): drain all the same.
    Thread shutdown = Thread.ofPlatform().name("relay-shutdown").unstarted(running::close);
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      running.start();
    } catch (IOException | RuntimeException e) {
      config.err().println("poolrelay: failed to start: " + e);
      Runtime.getRuntime().removeShutdownHook(shutdown);
      running.close();
      return 1;
    }
    if (!ReloadSignal.install(() -> {
      log.info("reload: SIGHUP received, reading {}", config.file);
      running.reload();
    })) {
      log.warn("reload: cannot handle SIGHUP; use poolrelay reload or the admin API");
    }
    if (!unhandled.isEmpty()) {
      log.warn("shutdown: cannot handle SIG{}; on it the relay still drains but exits with the JVM's status",
          String.join(", SIG", unhandled));
    }
    stopRequested.await();
    running.close();
    return 0;
  }
}
