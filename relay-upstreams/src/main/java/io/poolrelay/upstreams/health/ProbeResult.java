package io.poolrelay.upstreams.health;

import java.util.Objects;
import java.util.Optional;

/**
 * What one health check found: the upstream could be used, or the stage that failed and why.
 *
 * @param failedStage where the check failed ({@code CONNECT}, {@code TLS}, {@code AUTH}, ... for SMTP;
 *                    whatever names another upstream type uses); empty when the check passed
 * @param detail      what was negotiated for a pass; the peer's reply or the local error for a failure
 */
public record ProbeResult(boolean ok, Optional<String> failedStage, String detail) {

  public ProbeResult {
    Objects.requireNonNull(failedStage, "failedStage");
    Objects.requireNonNull(detail, "detail");
    if (ok == failedStage.isPresent()) {
      throw new IllegalArgumentException("a passed check has no failed stage, a failed one has one");
    }
  }

  public static ProbeResult passed(String detail) {
    return new ProbeResult(true, Optional.empty(), detail);
  }

  public static ProbeResult failed(String stage, String detail) {
    return new ProbeResult(false, Optional.of(stage), detail);
  }

  /** {@code ok: ...} or {@code CONNECT failed: 421 4.4.1 connection refused}, as logged. */
  @Override
  public String toString() {
    return ok ? "ok: " + detail : failedStage.orElseThrow() + " failed: " + detail;
  }
}
