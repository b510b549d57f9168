package io.poolrelay.config.model;

import java.nio.file.Path;
import java.util.Objects;

/** Writes each message as an {@code .eml} file into a directory: the out-of-the-box upstream. */
public record FileUpstreamConfig(String name, boolean enabled, Path directory) implements UpstreamConfig {

  public FileUpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(directory, "directory");
  }

  @Override
  public String type() {
    return "file";
  }
}
