package io.poolrelay.config.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes each message as an {@code .eml} file into a directory: the out-of-the-box upstream.
 *
 * <p>It carries the same health, limits, warmup and guard settings as an SMTP upstream: they belong
 * to an upstream whatever its type. Only the health default differs (off).
 */
public record FileUpstreamConfig(
    String name,
    boolean enabled,
    Path directory,
    HealthConfig health,
    LimitsConfig limits,
    Optional<WarmupConfig> warmup,
    GuardConfig guard,
    SenderRewrite rewrite)
    implements UpstreamConfig {

  public FileUpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  @Override
  public String type() {
    return "file";
  }
}
