package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WarmupGateTest {

  private final WarmupGate gate = new WarmupGate(0.03, 0.10);

  @Test
  void ratesUnderBothThresholdsAreHealthy() {
    assertEquals(WarmupGate.Verdict.ofHealthy(), gate.judge(0.029, 0.099));
  }

  @Test
  void aBounceRateAtOrOverItsThresholdHoldsWithTheFigures() {
    assertEquals(WarmupGate.Verdict.unhealthy("bounce rate 4.1% over 3%"), gate.judge(0.041, 0.0));
    assertEquals(WarmupGate.Verdict.unhealthy("bounce rate 3% over 3%"), gate.judge(0.03, 0.0));
  }

  @Test
  void aDeferralRateOverItsThresholdHoldsWithTheFigures() {
    assertEquals(WarmupGate.Verdict.unhealthy("deferral rate 12.5% over 10%"), gate.judge(0.0, 0.125));
  }

  @Test
  void thresholdsMustBeFractions() {
    assertThrows(IllegalArgumentException.class, () -> new WarmupGate(3, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new WarmupGate(0.03, 0));
  }
}
