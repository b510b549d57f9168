package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueIdTest {

  private static final Instant NOW = Instant.parse("2024-11-23T22:13:20.123Z");

  @Test
  void idsSortByArrivalTime() {
    QueueId ids = new QueueId(0xFFFFF); // the sequence is at its top: must not outweigh time
    String earlier = ids.next(NOW);
    String later = ids.next(NOW.plusMillis(1));
    assertTrue(earlier.compareTo(later) < 0, earlier + " vs " + later);
    assertTrue(ids.next(Instant.parse("2030-01-01T00:00:00Z")).compareTo(later) > 0);
  }

  @Test
  void idsHaveFixedLengthAndFileNameSafeCharacters() {
    String id = new QueueId(42).next(NOW);
    assertEquals(QueueId.LENGTH, id.length());
    assertTrue(id.matches("[0-9A-HJKMNP-TV-Z]+"), id);
    assertTrue(QueueId.isValid(id));
  }

  @Test
  void arrivalOfRoundTripsTheMillisecond() {
    assertEquals(NOW, QueueId.arrivalOf(new QueueId(1).next(NOW)));
    Instant epoch = Instant.ofEpochMilli(0);
    assertEquals(epoch, QueueId.arrivalOf(new QueueId(1).next(epoch)));
  }

  @Test
  void idsAreUniqueOver100kInOneMillisecond() {
    QueueId ids = new QueueId(12345);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(ids.next(NOW)), "duplicate after " + i);
    }
  }

  @Test
  void differentSeedsGiveDifferentIds() {
    assertNotEquals(new QueueId(1).next(NOW), new QueueId(2).next(NOW));
  }

  @Test
  void foreignNamesAreNotValid() {
    assertFalse(QueueId.isValid(""));
    assertFalse(QueueId.isValid("0ABCDEFGHJ1234"));
    assertFalse(QueueId.isValid("0ABCDEFGHJ123456"));
    assertFalse(QueueId.isValid("0ABCDEFGHJ1234I")); // I, L, O, U are not in the alphabet
    assertFalse(QueueId.isValid("0abcdefghj12345"));
    assertFalse(QueueId.isValid("0ABCDEFGHJ12345.state"));
  }
}
