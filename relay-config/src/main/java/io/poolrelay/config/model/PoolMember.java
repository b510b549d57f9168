package io.poolrelay.config.model;

import java.util.Objects;

/** An upstream's place in a pool, with its weight (1 when not written). */
public record PoolMember(String upstream, int weight) {

  public PoolMember {
    Objects.requireNonNull(upstream, "upstream");
  }
}
