package io.poolrelay.upstreams.selection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin (the nginx algorithm): each pick adds every candidate's weight to its
 * running score, takes the highest, and subtracts the total from the winner. Over any run of
 * {@code sum(weights)} picks each member gets exactly its share, interleaved rather than in bursts.
 * When a member drops out (capped, down), the others share its turns in proportion to their weights.
 */
public final class SmoothWeightedSelector implements UpstreamSelector {

  private final Map<String, Long> scores = new HashMap<>();

  @Override
  public synchronized List<Candidate> order(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    long total = 0;
    Candidate best = null;
    long bestScore = Long.MIN_VALUE;
    for (Candidate candidate : candidates) {
      long score = scores.getOrDefault(candidate.upstream(), 0L) + candidate.weight();
      scores.put(candidate.upstream(), score);
      total += candidate.weight();
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    scores.put(best.upstream(), bestScore - total);
    return FailoverOrder.withFirst(best, candidates);
  }
}
