package io.poolrelay.config.load;

import io.poolrelay.config.validate.ConfigError;
import io.poolrelay.config.validate.SourceLines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load shares while walking the tree: the errors found so far, the line of every path seen
 * (for checks made after binding), the secret resolver and the host name used for defaults.
 */
final class BindContext {

  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, Integer> lines = new HashMap<>();
  private final SecretResolver secrets;
  private final String defaultHostname;

  BindContext(SecretResolver secrets, String defaultHostname) {
    this.secrets = secrets;
    this.defaultHostname = defaultHostname;
  }

  void error(String path, int line, String message) {
    errors.add(new ConfigError(path, line, message));
  }

  void located(String path, int line) {
    lines.putIfAbsent(path, line);
  }

  List<ConfigError> errors() {
    return List.copyOf(errors);
  }

  SourceLines lines() {
    Map<String, Integer> snapshot = Map.copyOf(lines);
    return path -> snapshot.getOrDefault(path, 0);
  }

  SecretResolver secrets() {
    return secrets;
  }

  String defaultHostname() {
    return defaultHostname;
  }
}
