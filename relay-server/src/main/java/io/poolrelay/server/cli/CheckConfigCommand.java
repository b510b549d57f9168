package io.poolrelay.server.cli;

import io.poolrelay.config.RelayConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code poolrelay check-config}: every problem at once, each with its YAML path and line. */
@Command(name = "check-config", description = "Validate a configuration file and report every problem.")
final class CheckConfigCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() {
    Optional<RelayConfig> relay = config.loadOrReport();
    if (relay.isEmpty()) {
      return 1;
    }
    RelayConfig loaded = relay.get();
    config.out().printf("%s: OK (%d listener(s), %d upstream(s), %d pool(s), %d route(s))%n", config.file,
        loaded.listeners().size(), loaded.upstreams().size(), loaded.pools().size(),
        loaded.routing().routes().size());
    return 0;
  }
}
