package io.poolrelay.upstreams.selection;

import java.util.List;

/** The first usable member in the order the operator wrote, then the next, and so on. */
public final class PrioritySelector implements UpstreamSelector {

  @Override
  public List<Candidate> order(List<Candidate> candidates) {
    return List.copyOf(candidates);
  }
}
