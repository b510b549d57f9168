package io.poolrelay.config.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration file cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigException(String source, List<ConfigError> errors) {
    super(describe(source, errors));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(String source, List<ConfigError> errors) {
    return source + ": " + errors.size() + (errors.size() == 1 ? " problem" : " problems") + "\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}
