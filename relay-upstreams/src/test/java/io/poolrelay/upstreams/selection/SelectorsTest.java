package io.poolrelay.upstreams.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  private static final Candidate A = new Candidate("a", 10);
  private static final Candidate B = new Candidate("b", 5);
  private static final Candidate C = new Candidate("c", 1);

  private static Map<String, Integer> picks(UpstreamSelector selector, List<Candidate> candidates, int rounds) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < rounds; i++) {
      counts.merge(selector.order(candidates).get(0).upstream(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void smoothWeightedGivesExactSharesOverEveryFullCycle() {
    SmoothWeightedSelector selector = new SmoothWeightedSelector();
    Map<String, Integer> counts = picks(selector, List.of(A, B, C), 16 * 100);
    assertEquals(Map.of("a", 1000, "b", 500, "c", 100), counts);
  }

  @Test
  void smoothWeightedInterleavesInsteadOfBursting() {
    SmoothWeightedSelector selector = new SmoothWeightedSelector();
    StringBuilder sequence = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      sequence.append(selector.order(List.of(new Candidate("a", 2), new Candidate("b", 1))).get(0).upstream());
    }
    assertEquals("aba", sequence.toString());
  }

  @Test
  void smoothWeightedSharesAnAbsentMembersTurnsByWeight() {
    SmoothWeightedSelector selector = new SmoothWeightedSelector();
    picks(selector, List.of(A, B, C), 37);
    Map<String, Integer> withoutA = picks(selector, List.of(B, C), 600);
    assertEquals(500, withoutA.get("b"), 1);
    assertEquals(100, withoutA.get("c"), 1);
  }

  @Test
  void failoverOrderPutsThePickFirstThenHeavierMembers() {
    List<Candidate> order = new PrioritySelector().order(List.of(C, A, B));
    assertEquals(List.of(C, A, B), order);
    List<Candidate> weighted = new SmoothWeightedSelector().order(List.of(C, B, A));
    assertEquals(A, weighted.get(0));
    assertEquals(List.of(A, B, C), weighted);
  }

  @Test
  void weightedRandomFollowsWeightsWithASeededGenerator() {
    Map<String, Integer> counts = picks(new WeightedRandomSelector(new SplittableRandom(7)), List.of(A, B), 30_000);
    double share = counts.get("a") / 30_000.0;
    assertTrue(Math.abs(share - 2.0 / 3.0) < 0.01, "share of a was " + share);
  }

  @Test
  void roundRobinIgnoresWeights() {
    Map<String, Integer> counts = picks(new RoundRobinSelector(), List.of(A, B, C), 300);
    assertEquals(Map.of("a", 100, "b", 100, "c", 100), counts);
  }

  @Test
  void prioritySelectorAlwaysPicksTheFirstUsableMember() {
    assertEquals(Map.of("b", 50), picks(new PrioritySelector(), List.of(B, A), 50));
  }

  @Test
  void everySelectorReturnsEachCandidateOnceAndNothingForNoCandidates() {
    for (UpstreamSelector selector : List.of(new SmoothWeightedSelector(), new WeightedRandomSelector(new SplittableRandom(1)),
        new RoundRobinSelector(), new PrioritySelector())) {
      assertEquals(List.of(), selector.order(List.of()));
      for (int i = 0; i < 20; i++) {
        List<Candidate> order = selector.order(List.of(A, B, C));
        assertEquals(3, order.size());
        assertEquals(3, order.stream().distinct().count());
      }
    }
  }
}
