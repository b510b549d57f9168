package io.poolrelay.upstreams.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoggingHealthListenerTest {

  @Test
  void lineNamesTheUpstreamBothStatesAndTheReason() {
    assertEquals("upstream=mx1 health UP -> DOWN: 3 consecutive failures, last: 421 4.4.1 connection refused",
        LoggingHealthListener.format("mx1", HealthState.UP, HealthState.DOWN,
            "3 consecutive failures, last: 421 4.4.1 connection refused"));
  }
}
