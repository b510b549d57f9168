package io.poolrelay.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.delivery.QueueIndex.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueIndexTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private final QueueIndex index = new QueueIndex();

  @Test
  void aMessageIsClaimedOnceAndStaleWorkIsRefused() {
    long version = index.add("Q1", State.INCOMING, 0, Optional.empty(), 100);
    assertTrue(index.claim("Q1", version));
    assertFalse(index.claim("Q1", version), "already being delivered");

    long deferred = index.deferred("Q1", 1, NOW.plusSeconds(60), "451 4.4.1 try later");
    long retried = index.retryNow("Q1", NOW).orElseThrow();

    assertFalse(index.claim("Q1", deferred), "the scheduled retry was overtaken by the operator's");
    assertTrue(index.claim("Q1", retried));
  }

  @Test
  void onlyDeferredOrWaitingMessagesCanBeRetriedAndActiveOnesCannotBeRemoved() {
    long version = index.add("Q1", State.INCOMING, 0, Optional.empty(), 100);
    assertTrue(index.retryNow("Q1", NOW).isEmpty());
    index.claim("Q1", version);
    assertTrue(index.removeUnlessActive("Q1").isEmpty());
    index.waiting("Q1", "bulk");
    index.retryNow("Q1", NOW).orElseThrow();
    assertEquals(State.DEFERRED, index.get("Q1").orElseThrow().state());
    assertEquals("Q1", index.removeUnlessActive("Q1").orElseThrow().queueId());
    assertTrue(index.get("Q1").isEmpty());
  }

  @Test
  void listsOldestFirstWithAFilterAndALimit() {
    index.add("Q3", State.INCOMING, 0, Optional.empty(), 1);
    index.add("Q1", State.INCOMING, 0, Optional.empty(), 1);
    index.add("Q2", State.INCOMING, 0, Optional.empty(), 1);
    index.waiting("Q2", "bulk");

    assertEquals(List.of("Q1", "Q2"), index.list(e -> true, 2).stream().map(QueueIndex.Entry::queueId).toList());
    assertEquals(List.of("Q2"), index.list(e -> e.state() == State.WAITING, 10).stream()
        .map(QueueIndex.Entry::queueId).toList());
    assertEquals("bulk", index.get("Q2").orElseThrow().pool());
    assertEquals("Q1", index.oldest().orElseThrow().queueId());
  }
}
