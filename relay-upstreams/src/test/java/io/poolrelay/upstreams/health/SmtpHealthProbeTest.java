package io.poolrelay.upstreams.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.poolrelay.upstreams.smtp.ConnectionCheckResult;
import io.poolrelay.upstreams.smtp.Stage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpHealthProbeTest {

  @Test
  void passedConnectionCheckIsAPassedProbe() {
    ProbeResult result = SmtpHealthProbe.toProbeResult(ConnectionCheckResult.passed("127.0.0.1:25 accepted"));
    assertEquals(ProbeResult.passed("127.0.0.1:25 accepted"), result);
  }

  @Test
  void failedConnectionCheckKeepsItsStageAndDetail() {
    ProbeResult result = SmtpHealthProbe.toProbeResult(
        ConnectionCheckResult.failed(Stage.AUTH, "535 5.7.8 authentication failed"));
    assertEquals(Optional.of("AUTH"), result.failedStage());
    assertEquals("AUTH failed: 535 5.7.8 authentication failed", result.toString());
  }
}
