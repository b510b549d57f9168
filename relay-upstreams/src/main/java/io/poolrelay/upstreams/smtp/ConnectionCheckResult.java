package io.poolrelay.upstreams.smtp;

import java.util.Optional;

/**
 * What {@code poolrelay test-upstream NAME} reports: the session could be set up, or the stage that
 * failed with the server's reply or the local error.
 *
 * @param failedStage one of DNS, CONNECT, TLS, EHLO, AUTH; empty when the check passed
 * @param detail      the server's reply or the exception's message; for a pass, what was negotiated
 */
public record ConnectionCheckResult(boolean ok, Optional<Stage> failedStage, String detail) {

  public static ConnectionCheckResult passed(String detail) {
    return new ConnectionCheckResult(true, Optional.empty(), detail);
  }

  public static ConnectionCheckResult failed(Stage stage, String detail) {
    return new ConnectionCheckResult(false, Optional.of(stage), detail);
  }

  @Override
  public String toString() {
    return ok ? "ok: " + detail : failedStage.orElseThrow() + " failed: " + detail;
  }
}
