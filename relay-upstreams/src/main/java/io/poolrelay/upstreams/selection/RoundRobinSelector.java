package io.poolrelay.upstreams.selection;

import java.util.ArrayList;
import java.util.List;

/** Each candidate in turn, weights ignored; the others follow in rotation order. */
public final class RoundRobinSelector implements UpstreamSelector {

  private long turn;

  @Override
  public List<Candidate> order(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    int start;
    synchronized (this) {
      start = (int) (turn++ % candidates.size());
    }
    List<Candidate> ordered = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      ordered.add(candidates.get((start + i) % candidates.size()));
    }
    return List.copyOf(ordered);
  }
}
