package io.poolrelay.upstreams.selection;

import io.poolrelay.config.model.SelectionStrategy;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the member for the next message. Implementations keep per-pool state (the round-robin
 * position, the smooth weights) and are safe for concurrent use.
 */
public interface UpstreamSelector {

  /**
   * Returns every candidate once: the pick first, then the order in which the others are tried if
   * the pick fails. {@code candidates} is in the pool's configured order; empty in, empty out.
   */
  List<Candidate> order(List<Candidate> candidates);

  static UpstreamSelector forStrategy(SelectionStrategy strategy, RandomGenerator random) {
    return switch (strategy) {
      case WEIGHTED -> new SmoothWeightedSelector();
      case RANDOM -> new WeightedRandomSelector(random);
      case ROUND_ROBIN -> new RoundRobinSelector();
      case PRIORITY -> new PrioritySelector();
    };
  }
}
