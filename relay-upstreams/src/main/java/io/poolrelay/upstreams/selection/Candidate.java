package io.poolrelay.upstreams.selection;

import java.util.Objects;

/** A usable pool member offered to a selector: its upstream's name and its weight in the pool. */
public record Candidate(String upstream, int weight) {

  public Candidate {
    Objects.requireNonNull(upstream, "upstream");
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1, was " + weight);
    }
  }
}
