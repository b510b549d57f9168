package io.poolrelay.upstreams.health;

import io.poolrelay.upstreams.smtp.ConnectionCheckResult;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import java.util.Objects;

/** Checks an SMTP upstream with {@link SmtpUpstream#checkConnection()}: a session set up and QUIT. */
public final class SmtpHealthProbe implements HealthProbe {

  private final SmtpUpstream upstream;

  public SmtpHealthProbe(SmtpUpstream upstream) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
  }

  @Override
  public ProbeResult probe() {
    return toProbeResult(upstream.checkConnection());
  }

  static ProbeResult toProbeResult(ConnectionCheckResult check) {
    return check.ok()
        ? ProbeResult.passed(check.detail())
        : ProbeResult.failed(check.failedStage().orElseThrow().name(), check.detail());
  }
}
