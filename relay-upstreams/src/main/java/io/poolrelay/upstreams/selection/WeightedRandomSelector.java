package io.poolrelay.upstreams.selection;

import java.util.List;
import java.util.random.RandomGenerator;

/** Draws the pick at random with probability proportional to weight; the generator is injected. */
public final class WeightedRandomSelector implements UpstreamSelector {

  private final RandomGenerator random;

  public WeightedRandomSelector(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public List<Candidate> order(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    long total = 0;
    for (Candidate candidate : candidates) {
      total += candidate.weight();
    }
    long draw;
    synchronized (this) {
      draw = random.nextLong(total);
    }
    for (Candidate candidate : candidates) {
      draw -= candidate.weight();
      if (draw < 0) {
        return FailoverOrder.withFirst(candidate, candidates);
      }
    }
    throw new IllegalStateException("weighted draw fell outside the total " + total);
  }
}
