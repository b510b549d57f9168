package io.poolrelay.server.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * One recent WARN or ERROR log line as the status page shows it.
 *
 * @param level {@code WARN} or {@code ERROR}
 * @param logger the logger's short name, for example {@code DeliveryManager}
 */
public record ProblemView(Instant time, String level, String logger, String message) {

  public ProblemView {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
  }
}
