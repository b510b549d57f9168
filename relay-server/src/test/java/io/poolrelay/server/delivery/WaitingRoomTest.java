package io.poolrelay.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.server.spool.QueuedMessage;
import io.poolrelay.upstreams.time.FakeTime;
import io.poolrelay.upstreams.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitingRoomTest {

  private static final Duration RECHECK = Duration.ofMinutes(5);

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(time);
  private final List<String> released = new ArrayList<>();

  /** A pool whose headroom the test sets, freeing at {@code freesAt} when that is set. */
  private final class Pool implements PoolCapacity {
    long headroom;
    Instant freesAt;
    long headroomOnceFree;

    @Override
    public long headroom(String pool, Instant now) {
      return freesAt != null && !now.isBefore(freesAt) ? headroomOnceFree : headroom;
    }

    @Override
    public Optional<Instant> nextChance(String pool, Instant now) {
      return headroom(pool, now) > 0 ? Optional.of(now) : Optional.ofNullable(freesAt);
    }
  }

  private final Pool pool = new Pool();
  private final WaitingRoom room = new WaitingRoom(pool, (entry, name) -> released.add(entry.queueId()), scheduler,
      time, RECHECK, 10);

  private QueuedMessage message(String queueId) {
    return new QueuedMessage(queueId, QueueDirectory.DEFERRED, time.instant(), 0);
  }

  @Test
  void releasesOldestFirstAsManyAsThePoolCanTake() {
    room.park("bulk", message("B0000000000002"));
    room.park("bulk", message("B0000000000000"));
    room.park("bulk", message("B0000000000001"));
    assertTrue(room.holds("bulk"));
    assertFalse(room.holds("other"));

    pool.headroom = 2;
    room.wakeAll();

    assertEquals(List.of("B0000000000000", "B0000000000001"), released);
    assertEquals(1, room.size());
  }

  @Test
  void aLimitThatFreesAtAKnownTimeReleasesThenWithoutWaitingForTheRecheck() {
    pool.freesAt = time.instant().plus(Duration.ofSeconds(90));
    pool.headroomOnceFree = 5;
    room.park("bulk", message("B0000000000000"));

    scheduler.advance(Duration.ofSeconds(89));
    assertEquals(List.of(), released);
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(List.of("B0000000000000"), released);
  }

  @Test
  void aReleasedMessageThatWentLetsTheNextOneGo() {
    pool.headroom = 1;
    room.park("bulk", message("B0000000000000"));
    room.park("bulk", message("B0000000000001"));
    room.wake("bulk");
    assertEquals(List.of("B0000000000000"), released, "one at a time: the first is still out");

    room.returned("bulk", true);

    assertEquals(List.of("B0000000000000", "B0000000000001"), released);
  }

  @Test
  void aReleasedMessageThatFoundNoRoomIsNotReleasedAgainAtOnce() {
    pool.headroom = 1;
    room.park("bulk", message("B0000000000000"));
    room.wake("bulk");
    pool.headroom = 0;

    room.park("bulk", message("B0000000000000"));
    room.returned("bulk", false);
    scheduler.advance(RECHECK.minusSeconds(1));

    assertEquals(List.of("B0000000000000"), released, "no room, no known time: it waits for the recheck");
    pool.headroom = 1;
    scheduler.advance(Duration.ofSeconds(2));
    assertEquals(List.of("B0000000000000", "B0000000000000"), released);
  }

  @Test
  void withNoKnownTimeTheRecheckFindsCapacityThatCameBackUnannounced() {
    room.park("bulk", message("B0000000000000"));
    pool.headroom = 3;

    scheduler.advance(RECHECK);

    assertEquals(List.of("B0000000000000"), released);
    assertFalse(room.holds("bulk"));
  }

  @Test
  void neverHasMoreThanTheLimitOfOnePoolOutAtOnce() {
    pool.headroom = Long.MAX_VALUE;
    for (int i = 0; i < 15; i++) {
      room.park("bulk", message("B00000000000%02d".formatted(i)));
    }
    released.clear();
    room.wake("bulk");
    // parking armed a timer at the earliest moment; whatever ran, at most 10 are out
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(10, released.size());
    room.returned("bulk", true);
    assertEquals(11, released.size());
  }

  @Test
  void closingCancelsTimersAndForgetsTheLines() {
    pool.freesAt = time.instant().plus(Duration.ofSeconds(10));
    pool.headroomOnceFree = 1;
    room.park("bulk", message("B0000000000000"));
    room.close();

    scheduler.advance(Duration.ofMinutes(10));

    assertEquals(List.of(), released);
    assertEquals(0, room.size());
  }
}
