package io.poolrelay.server.cli;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.config.validate.ConfigException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --config} option shared by the commands, loading the file it names, and the command's
 * output streams (picocli's, so tests can capture them).
 */
final class ConfigOption {

  static final String DEFAULT = "conf/poolrelay.yaml";

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
      description = "Configuration file (default: ${DEFAULT-VALUE}).")
  Path file;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  RelayConfig load() throws ConfigException {
    return new ConfigLoader(System.getenv(), localHostname()).load(file);
  }

  /** The configuration, or empty after printing every problem to the command's error stream. */
  Optional<RelayConfig> loadOrReport() {
    try {
      return Optional.of(load());
    } catch (ConfigException e) {
      err().println(e.getMessage());
      return Optional.empty();
    }
  }

  /** The named upstream of the configuration, or empty after reporting why there is none. */
  Optional<UpstreamConfig> loadUpstream(String name) {
    Optional<RelayConfig> relay = loadOrReport();
    if (relay.isEmpty()) {
      return Optional.empty();
    }
    Optional<UpstreamConfig> upstream = Optional.ofNullable(relay.get().upstreams().get(name));
    if (upstream.isEmpty()) {
      err().println("poolrelay: no upstream '" + name + "' in " + file);
    }
    return upstream;
  }

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
