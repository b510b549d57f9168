package io.poolrelay.config.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The on-disk queue.
 *
 * @param directory where {@code incoming/}, {@code active/}, {@code deferred/} and {@code corrupt/} live
 * @param retry     the retry schedule and maximum age
 * @param maxActive messages held in memory for delivery at once; the rest wait on disk
 */
public record SpoolConfig(Path directory, RetryConfig retry, int maxActive) {

  public SpoolConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(retry, "retry");
  }
}
