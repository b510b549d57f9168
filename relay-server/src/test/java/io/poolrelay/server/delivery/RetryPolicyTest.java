package io.poolrelay.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.config.model.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(new RetryConfig(
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)),
      Duration.ofDays(5)));

  @Test
  void followsTheScheduleAndRepeatsItsLastStep() {
    assertEquals(Duration.ofMinutes(1), policy.delayAfter(1));
    assertEquals(Duration.ofMinutes(5), policy.delayAfter(2));
    assertEquals(Duration.ofMinutes(15), policy.delayAfter(3));
    assertEquals(Duration.ofHours(1), policy.delayAfter(4));
    assertEquals(Duration.ofHours(1), policy.delayAfter(40));
  }

  @Test
  void aMessageExpiresAtMaxAge() {
    Instant arrival = Instant.parse("2026-11-01T00:00:00Z");
    assertFalse(policy.expired(arrival, arrival.plus(Duration.ofDays(5)).minusMillis(1)));
    assertTrue(policy.expired(arrival, arrival.plus(Duration.ofDays(5))));
  }
}
