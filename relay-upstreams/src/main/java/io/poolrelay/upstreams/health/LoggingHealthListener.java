package io.poolrelay.upstreams.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each transition as {@code upstream=NAME health UP -> DOWN: 3 consecutive failures, last: 421 4.4.1
 * connection refused}: at WARN when an upstream stops being usable, at INFO when it comes back.
 */
public final class LoggingHealthListener implements HealthListener {

  private static final Logger log = LoggerFactory.getLogger(LoggingHealthListener.class);

  @Override
  public void transition(String upstream, HealthState from, HealthState to, String reason) {
    String line = format(upstream, from, to, reason);
    if (to == HealthState.UP) {
      log.info(line);
    } else {
      log.warn(line);
    }
  }

  static String format(String upstream, HealthState from, HealthState to, String reason) {
    return "upstream=" + upstream + " health " + from + " -> " + to + ": " + reason;
  }
}
