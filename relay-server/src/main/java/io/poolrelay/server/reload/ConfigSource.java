package io.poolrelay.server.reload;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.validate.ConfigException;

/** Reads the configuration again: the file the relay was started with. */
@FunctionalInterface
public interface ConfigSource {

  RelayConfig load() throws ConfigException;
}
