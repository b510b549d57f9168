package io.poolrelay.server.admin;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code for} parameter of a pause: a whole number and a unit, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
final class PauseDuration {

  private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,6})([smhd])");

  private PauseDuration() {
  }

  /** @throws IllegalArgumentException with a message fit for the API's error body */
  static Duration parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException("bad duration '" + text
          + "': use a positive whole number and a unit (s, m, h or d), for example 30s, 15m, 2h or 1d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
