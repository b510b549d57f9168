package io.poolrelay.config.model;

import java.util.Objects;

/** A credential from the configuration. Its {@code toString} never shows the value. */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "******";
  }
}
