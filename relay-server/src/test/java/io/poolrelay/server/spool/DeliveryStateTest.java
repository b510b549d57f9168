package io.poolrelay.server.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {

  private static final Instant NOW = Instant.parse("2024-11-23T22:13:20.123Z");

  private static DeliveryState decode(String text) throws SpoolFormatException {
    return DeliveryState.decode(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void freshStateHasNoAttemptsAndIsDueNow() {
    DeliveryState fresh = DeliveryState.fresh(NOW);
    assertEquals(0, fresh.attempts());
    assertEquals(NOW, fresh.nextAttempt());
    assertEquals(Set.of(), fresh.settled());
  }

  @Test
  void encodeDecodeRoundTrips() throws SpoolFormatException {
    DeliveryState state = new DeliveryState(3, NOW, Set.of("a@example.net", "odd name@example.net", "ü@x.y"));
    assertEquals(state, DeliveryState.decode(state.encode()));
  }

  @Test
  void settledSetIsACopy() {
    java.util.HashSet<String> settled = new java.util.HashSet<>(Set.of("a@b.c"));
    DeliveryState state = new DeliveryState(1, NOW, settled);
    settled.add("x@y.z");
    assertFalse(state.settled().contains("x@y.z"));
  }

  @Test
  void missingAttemptsOrNextIsRefused() {
    assertThrows(SpoolFormatException.class, () -> decode("next 1\n"));
    assertThrows(SpoolFormatException.class, () -> decode("attempts 1\n"));
    assertThrows(SpoolFormatException.class, () -> decode(""));
  }

  @Test
  void unknownLineIsRefused() {
    assertThrows(SpoolFormatException.class, () -> decode("attempts 1\nnext 1\nbogus 2\n"));
  }

  @Test
  void malformedNumbersAndEscapesAreFormatErrors() {
    assertThrows(SpoolFormatException.class, () -> decode("attempts x\nnext 1\n"));
    assertThrows(SpoolFormatException.class, () -> decode("attempts 1\nnext 99999999999999999999\n"));
    assertThrows(SpoolFormatException.class, () -> decode("attempts 1\nnext 1\nsettled a%zz\n"));
  }

  @Test
  void negativeAttemptsAreRefused() {
    assertThrows(SpoolFormatException.class, () -> decode("attempts -1\nnext 1\n"));
  }
}
