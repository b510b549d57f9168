package io.poolrelay.upstreams.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order after the pick: heavier members first, ties in configured order. A heavier member was
 * given more of the pool's traffic, so it is the operator's stated preference for taking more.
 */
final class FailoverOrder {

  private FailoverOrder() {}

  static List<Candidate> withFirst(Candidate first, List<Candidate> candidates) {
    List<Candidate> rest = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      if (candidate != first) {
        rest.add(candidate);
      }
    }
    rest.sort(Comparator.comparingInt(Candidate::weight).reversed());
    List<Candidate> ordered = new ArrayList<>(candidates.size());
    ordered.add(first);
    ordered.addAll(rest);
    return List.copyOf(ordered);
  }
}
