package io.poolrelay.upstreams.ses;

import io.poolrelay.upstreams.health.HealthProbe;
import io.poolrelay.upstreams.health.ProbeResult;
import java.util.Objects;

/** Checks an SES upstream with {@link SesCheck}: a signed {@code GetAccount}, its reading passed on. */
public final class SesHealthProbe implements HealthProbe {

  private final SesCheck check;

  public SesHealthProbe(SesCheck check) {
    this.check = Objects.requireNonNull(check, "check");
  }

  @Override
  public ProbeResult probe() {
    SesCheck.Result result = check.run();
    return result.ok()
        ? ProbeResult.passed(result.detail())
        : ProbeResult.failed(result.failedStage().orElseThrow().name(), result.detail());
  }
}
