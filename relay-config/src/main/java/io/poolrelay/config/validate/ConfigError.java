package io.poolrelay.config.validate;

import java.util.Objects;

/**
 * One problem in the configuration.
 *
 * @param path    YAML path, such as {@code pools.all.members[0].upstream}
 * @param line    1-based line in the file, or 0 when the problem has no single place (a missing key
 *                is reported at its parent's line)
 * @param message what is wrong, for example {@code unknown upstream 'nosuch'}
 */
public record ConfigError(String path, int line, String message) {

  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code pools.all.members[0].upstream: unknown upstream 'nosuch' (line 6)}. */
  @Override
  public String toString() {
    String where = path.isEmpty() ? "(top level)" : path;
    return line > 0 ? where + ": " + message + " (line " + line + ")" : where + ": " + message;
  }
}
