package io.poolrelay.server.cli;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.load.ConfigLoader;
import io.poolrelay.config.validate.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the commands, and loading the file it names. */
final class ConfigOption {

  static final String DEFAULT = "conf/poolrelay.yaml";

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
      description = "Configuration file (default: ${DEFAULT-VALUE}).")
  Path file;

  RelayConfig load() throws ConfigException {
    return new ConfigLoader(System.getenv(), localHostname()).load(file);
  }

  static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
