package io.poolrelay.server.cli;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.validate.ConfigException;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code poolrelay check-config}: every problem at once, each with its YAML path and line. */
@Command(name = "check-config", description = "Validate a configuration file and report every problem.")
final class CheckConfigCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() {
    try {
      RelayConfig loaded = config.load();
      out().printf("%s: OK (%d listener(s), %d upstream(s), %d pool(s), %d route(s))%n", config.file,
          loaded.listeners().size(), loaded.upstreams().size(), loaded.pools().size(),
          loaded.routing().routes().size());
      return 0;
    } catch (ConfigException e) {
      err().println(e.getMessage());
      return 1;
    }
  }
}
